import { SafeError } from '../../errors.ts';

export const HASH_PASSWORD_USAGE = 'usage: tactful hash-password  (reads the password from stdin or prompts)';

/**
 * `tactful hash-password` takes no arguments: a password on the command line would land in shell history
 * and `ps`. `--help` only asks for the usage.
 */
export function parseHashPasswordArgs(argv: string[]): { help: boolean } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  if (argv.length > 0) throw new SafeError('usage', 'hash-password takes no arguments; pipe the password in');
  return { help: false };
}
