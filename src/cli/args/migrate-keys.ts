import { parseArgs } from 'node:util';
import { SafeError } from '../../errors.ts';

export const MIGRATE_KEYS_HELP = `usage: tactful migrate-keys [--config FILE] [--dry-run]

Moves Tactful's Redis keys from the first key layout to the one with Redis Cluster hash tags (README
"Redis key layout"). Stop every Tactful process first; run it once. --dry-run counts what would move.
`;

export type MigrateKeysArgs = { help: true } | { help: false; config?: string; dryRun: boolean };

/** `tactful migrate-keys` arguments; anything unknown is a SafeError `usage` with the help text. */
export function parseMigrateKeysArgs(argv: string[]): MigrateKeysArgs {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new SafeError('usage', `${(err as Error).message}\n${MIGRATE_KEYS_HELP}`);
  }
  return values.help ? { help: true } : { help: false, config: values.config, dryRun: values['dry-run'] };
}
