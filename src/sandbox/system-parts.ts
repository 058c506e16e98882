import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SafeError } from '../errors.ts';

/**
 * The one line a person needs when a system part is missing (the demo and the tests promise no stack trace).
 * Redis's line is the demo's README promise, word for word.
 */
export const INSTALL_LINES = {
  'redis-server': 'Tactful needs Redis: sudo apt-get install -y redis-server',
  dovecot: 'the tests need Dovecot: sudo apt-get update && sudo apt-get install -y dovecot-imapd',
} as const;

export type SystemPart = keyof typeof INSTALL_LINES;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * An executable: one of `candidates` (e.g. /usr/sbin/dovecot, which is not on a normal user's PATH), else the
 * first on `path`. No shell is run, so a test can hide a part by passing another PATH.
 */
export function findBinary(
  name: string,
  opts: { candidates?: string[]; path?: string } = {},
): string | undefined {
  const dirs = (opts.path ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...(opts.candidates ?? []), ...dirs.map((d) => join(d, name))].find(executable);
}

/** Like findBinary, but a missing part is a SafeError carrying its install line. */
export function requireBinary(name: SystemPart, opts: { candidates?: string[]; path?: string } = {}): string {
  const found = findBinary(name, opts);
  if (!found) throw new SafeError('missing_part', INSTALL_LINES[name]);
  return found;
}
