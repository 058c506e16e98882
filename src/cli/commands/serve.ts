import { loadConfig, resolveConfigPath } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { parseRoles, parseWorkers, startRoles } from '../../workers/run.ts';
import { DEMO_NOTICE, wantsDemo } from '../../demo/fallback.ts';
import { createContext } from '../../create-context.ts';
import { configFlag } from '../args/serve.ts';
import type { CliIo } from '../io.ts';
import { untilSignal } from '../signals.ts';
import { redisTarget } from '../../config/redis-target.ts';
import { redisFactory } from '../../queue/connection.ts';
import { SafeError } from '../../errors.ts';
import { QUEUES } from '../../queue/names.ts';
import { oldLayoutKeys } from '../../store/key-layout-migration.ts';

/**
 * The configuration `serve` runs with: `--config FILE`, else TACTFUL_CONFIG, else config/tactful.yaml.
 * The one place to add a fallback (e.g. an embedded demo when no config file exists).
 */
async function resolveServeConfig(argv: string[], env: NodeJS.ProcessEnv): Promise<Config> {
  return loadConfig(resolveConfigPath(configFlag(argv), env), env);
}

/**
 * A Redis still in the first key layout (before Redis Cluster support) would look empty to this version: no
 * cursors (so mail since `startFrom` only), no queued sends. Refuse to start until `tactful migrate-keys` ran.
 * Checked on a connection of its own before the context exists: the context's queues write their own keys as
 * they start, and a refused start must leave the old layout as it found it.
 */
async function refuseOldKeyLayout(config: Config): Promise<void> {
  const connections = redisFactory(redisTarget(config.redis));
  try {
    const inboxes = config.inboxes.map((i) => i.id);
    const old = await oldLayoutKeys(
      connections.client(),
      config.redis.prefix,
      inboxes,
      Object.values(QUEUES),
    );
    if (old.length)
      throw new SafeError(
        'old_key_layout',
        `Redis holds keys of the old layout (${old[0]}${old.length > 1 ? ` and ${old.length - 1} more` : ''}): ` +
          'stop every Tactful process and run `npx tactful migrate-keys` once (README "Redis key layout")',
      );
  } finally {
    await connections.closeAll();
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (wantsDemo(configFlag(argv), io.env)) {
    io.stderr.write(DEMO_NOTICE);
    return (await import('./demo.ts')).run([], io);
  }
  const config = await resolveServeConfig(argv, io.env);
  const roles = parseRoles(io.env.TACTFUL_ROLES);
  const workers = parseWorkers(io.env.TACTFUL_WORKERS);
  await refuseOldKeyLayout(config);
  const ctx = createContext(config);
  const log = ctx.log;
  const stopping = untilSignal();
  let service;
  try {
    service = await startRoles(ctx, roles, workers);
  } catch (err) {
    await ctx.close();
    throw err;
  }
  const sig = await stopping;
  log.info({ signal: sig }, 'shutting down: draining workers, releasing leases');
  // If some library keeps a handle open, do not hang forever after a clean shutdown.
  setTimeout(() => process.exit(0), 15_000).unref();
  await service.close();
  await ctx.close();
  log.info('stopped');
  return 0;
}
