import type { Config } from '../../src/config/schema.ts';
import type { Clock } from '../../src/clock.ts';
import { createLogger } from '../../src/log.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { startRoles, type Role, type Service } from '../../src/workers/run.ts';

// Kept for the test files that import these from here (test/e2e, the web tests); new code imports the modules.
export { redisUrl, uniquePrefix, wipePrefix } from './redis.ts';
export { newMailUser, type MailUser } from './mail-user.ts';
export { testConfig } from './config.ts';

/** The service's own composition root on the test's config, silent (TEST_LOG_LEVEL to see it), on the test's clock. */
export function testContext(config: Config, opts: { clock?: Clock } = {}): OwnedContext {
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  return createContext(config, { clock: opts.clock, log });
}

export interface RunningService {
  ctx: OwnedContext;
  service: Service;
  /** Stops the roles (workers drain), then closes the context's connections. */
  stop(): Promise<void>;
}

/** The service in this process with the chosen roles, as `tactful serve` would run it. */
export async function startService(
  config: Config,
  roles: Role[] = ['web', 'poller', 'worker'],
  opts: { clock?: Clock } = {},
): Promise<RunningService> {
  const ctx = testContext(config, opts);
  const service = await startRoles(ctx, roles).catch(async (err: unknown) => {
    await ctx.close();
    throw err;
  });
  return {
    ctx,
    service,
    async stop() {
      // As `tactful serve` on SIGTERM (it exits after 15 s whatever is left): roles that have not closed in 20 s (a
      // worker whose blocking connection is still finding a cluster's new master) get their connections closed
      // under them.
      let timer: NodeJS.Timeout | undefined;
      const closing = service.close().catch(() => undefined); // each role's close logs its own failure
      await Promise.race([closing, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
      await ctx.close();
    },
  };
}
