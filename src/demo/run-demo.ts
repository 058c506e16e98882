import { SafeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { demoLogger } from './demo-logger.ts';
import { startRoles } from '../workers/run.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';
import type { Clock } from '../clock.ts';
import { createContext } from '../create-context.ts';

export interface RunningDemo {
  url: string;
  sandbox: Sandbox;
  log: Logger;
  stop(): Promise<void>;
}

/**
 * The demo: the sandbox servers, then the real service (web, poller, every worker) on them, then the sample
 * mail. Seeding comes last so the poller is already in IDLE and the mail arrives the way real mail does.
 */
export async function startDemo(
  opts: {
    webPort?: number;
    log?: Logger;
    redis?: SandboxOptions['redis'];
    env?: SandboxOptions['env'];
    /** Tests move time to office hours to watch acknowledgements go out. */
    clock?: Clock;
  } = {},
): Promise<RunningDemo> {
  const sandbox = await startSandbox({
    webPort: opts.webPort,
    redis: opts.redis,
    env: opts.env,
    onSent: (m) =>
      log.info({ to: m.to, bytes: m.raw.length }, 'demo smtp: mail "sent" (kept in the sandbox)'),
  });
  const { config } = sandbox;
  const log = opts.log ?? demoLogger(config.log.level);
  const ctx = createContext(config, { log, clock: opts.clock });
  const closeRedis = () => ctx.close();
  let service;
  try {
    service = await startRoles(ctx, ['web', 'poller', 'worker']);
  } catch (err) {
    await closeRedis();
    await sandbox.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new SafeError(
        'port_in_use',
        `port ${config.web.port} is in use: try TACTFUL_DEMO_PORT=${config.web.port + 1} npm start, or tactful demo --port 0`,
      );
    }
    throw err;
  }
  sandbox.seed();
  return {
    url: service.url ?? '',
    sandbox,
    log,
    async stop() {
      await service.close();
      await closeRedis();
      await sandbox.stop();
    },
  };
}
