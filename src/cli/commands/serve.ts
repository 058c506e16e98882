import { loadConfig, resolveConfigPath } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { SafeError } from '../../errors.ts';
import { parseRoles, parseWorkers, startRoles } from '../../workers/run.ts';
import { DEMO_NOTICE, wantsDemo } from '../../demo/fallback.ts';
import { createContext } from '../../create-context.ts';

/** `--config FILE` from the arguments, if given. */
export function configFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  if (!value) throw new SafeError('usage', '--config needs a file name');
  return value;
}

/**
 * The configuration `serve` runs with: `--config FILE`, else TACTFUL_CONFIG, else config/tactful.yaml.
 * The one place to add a fallback (e.g. an embedded demo when no config file exists).
 */
export async function resolveServeConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Config> {
  return loadConfig(resolveConfigPath(configFlag(argv), env), env);
}

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (sig: string) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve(sig);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

export async function run(argv: string[]): Promise<number> {
  if (wantsDemo(configFlag(argv), process.env)) {
    process.stderr.write(DEMO_NOTICE);
    return (await import('./demo.ts')).run([]);
  }
  const config = await resolveServeConfig(argv);
  const roles = parseRoles(process.env.TACTFUL_ROLES);
  const workers = parseWorkers(process.env.TACTFUL_WORKERS);
  const ctx = createContext(config);
  const log = ctx.log;
  const stopping = shutdownSignal();
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
