import { execFileSync } from 'node:child_process';

/** The one line a user needs when a system part the tests use is missing. */
const INSTALL: Record<string, string> = {
  dovecot: 'sudo apt-get update && sudo apt-get install -y dovecot-imapd',
  'redis-server': 'sudo apt-get update && sudo apt-get install -y redis-server',
  chromium: 'sudo apt-get update && sudo apt-get install -y chromium',
};

export function findBinary(name: string, candidates: string[] = []): string | undefined {
  for (const c of candidates) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      /* try the next */
    }
  }
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function requireBinary(name: string, candidates: string[] = []): string {
  const found = findBinary(name, candidates);
  if (!found)
    throw new Error(
      `${name} is not installed; install it with: ${INSTALL[name] ?? `apt-get install ${name}`}`,
    );
  return found;
}
