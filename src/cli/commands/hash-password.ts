import { SafeError } from '../../errors.ts';
import { hashPassword } from '../../web/passwords.ts';

/**
 * `tactful hash-password`: prints a `passwordHash` for config.users. The password comes from stdin when
 * piped (`printf %s "$PW" | tactful hash-password`) or is prompted for without echo on a terminal — never
 * from argv, where it would land in shell history and `ps`.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: tactful hash-password  (reads the password from stdin or prompts)\n');
    return 0;
  }
  if (argv.length > 0) throw new SafeError('usage', 'hash-password takes no arguments; pipe the password in');
  const password = process.stdin.isTTY ? await promptHidden('Password: ') : await readStdin();
  if (password.length < 8) throw new SafeError('weak_password', 'the password needs at least 8 characters');
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // One trailing newline is the shell's, not the password's (`echo pw | …`).
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Raw-mode prompt: characters are read one by one and never echoed. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new SafeError('cancelled', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
