import type { Clock } from '../clock.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { redisTarget } from '../config/redis-target.ts';
import { SafeError } from '../errors.ts';
import { checkCalendar } from './calendar-check.ts';
import { describeError, type CheckResult } from './check.ts';
import { checkImap } from './imap-check.ts';
import { checkRedis } from './redis-check.ts';
import { checkSmtp } from './smtp-check.ts';

/** The config loader's `PATH: invalid configuration:\n  a\n  b` as `invalid` plus one indented line per problem. */
function problemsOf(message: string, path: string): string {
  const body = message.replace(`${path}: `, '').replace(/^invalid configuration:\s*/, '');
  return `invalid\n    ${body.split(/\n\s*/).join('\n    ')}`;
}

/** Loads and validates the config file: the first check, and the only one the others depend on. */
export function checkConfig(path: string, env: NodeJS.ProcessEnv): { result: CheckResult; config?: Config } {
  try {
    const config = loadConfig(path, env);
    const n = config.inboxes.length;
    return {
      config,
      result: { status: 'pass', what: `config ${path}`, detail: `valid, ${n} inbox${n === 1 ? '' : 'es'}` },
    };
  } catch (err) {
    const message = err instanceof SafeError ? err.message : describeError(err);
    const missing = err instanceof SafeError && err.code === 'config_missing';
    return {
      result: {
        status: 'fail',
        what: `config ${path}`,
        detail: missing ? 'not found' : problemsOf(message, path),
        fix: missing
          ? `copy config/tactful.example.yaml to ${path} or pass --config FILE`
          : 'correct the keys named above (config/tactful.example.yaml documents each)',
      },
    };
  }
}

/**
 * Every network check of a valid config, run side by side (one slow server should not make the doctor slow),
 * reported in a stable order: Redis, then each inbox's IMAP, SMTP and calendar.
 */
export async function runServerChecks(
  config: Config,
  clock: Clock,
  opts: { createFolders?: boolean } = {},
): Promise<CheckResult[]> {
  const perInbox = config.inboxes.map(async (inbox, i) => [
    ...(await checkImap(inbox, i, opts)),
    await checkSmtp(inbox, i),
    ...checkCalendar(inbox, i, clock),
  ]);
  const [redis, ...inboxes] = await Promise.all([checkRedis(redisTarget(config.redis)), ...perInbox]);
  return [...redis, ...inboxes.flat()];
}
