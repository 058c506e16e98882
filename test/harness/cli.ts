import { PassThrough, Readable, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run-cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it. */
function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return Object.assign(w, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/**
 * `tactful ARGS` in this process (src/cli/run-cli.ts, the code bin/tactful.js runs) with captured streams:
 * the same parsing, output and exit code as the executable, without starting node and tsx per case.
 * `env` replaces the environment the command sees (default: this process's).
 */
export async function runCliInProcess(
  argv: string[],
  opts: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; stdout?: Writable } = {},
): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const stdin = opts.stdin === undefined ? new PassThrough().end() : Readable.from([Buffer.from(opts.stdin)]);
  const io: CliIo = { stdin, stdout: opts.stdout ?? stdout, stderr, env: opts.env ?? process.env };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
