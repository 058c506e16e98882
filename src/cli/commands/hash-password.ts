import { SafeError } from '../../errors.ts';
import { hashPassword } from '../../users/passwords.ts';
import { HASH_PASSWORD_USAGE, parseHashPasswordArgs } from '../args/hash-password.ts';
import type { CliIo } from '../io.ts';

/**
 * `tactful hash-password`: prints a `passwordHash` for config.users. The password comes from stdin when
 * piped (`printf %s "$PW" | tactful hash-password`) or is prompted for without echo on a terminal — never
 * from argv, where it would land in shell history and `ps`.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (parseHashPasswordArgs(argv).help) {
    io.stdout.write(`${HASH_PASSWORD_USAGE}\n`);
    return 0;
  }
  const password = io.stdin.isTTY ? await promptHidden(io, 'Password: ') : await readStdin(io);
  if (password.length < 8) throw new SafeError('weak_password', 'the password needs at least 8 characters');
  io.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(Buffer.from(c as Buffer));
  // One trailing newline is the shell's, not the password's (`echo pw | …`).
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Raw-mode prompt: characters are read one by one and never echoed. */
function promptHidden(io: CliIo, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { stdin } = io;
    io.stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stderr.write('\n');
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
