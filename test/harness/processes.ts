import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/tactful.js');

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * `node bin/tactful.js ARGS` as its own process, as a user runs it. Costs a node + tsx start (seconds on a
 * loaded two-core machine): tests spawn only what must be a process (a crash, a signal, the one end-to-end
 * case per command) and run the rest in-process (test/harness/cli.ts).
 */
export function spawnTactful(args: string[], opts: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tactful ARGS` to the end, feeding `stdin`, and collects what it wrote. */
export function runTactful(
  args: string[],
  opts: SpawnOptions & { stdin?: string | Buffer } = {},
): Promise<Finished> {
  const child = spawnTactful(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.end(opts.stdin);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The exit code once the child has ended (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Sends `signal` and waits for the end. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  const done = exited(child);
  child.kill(signal);
  return done;
}
