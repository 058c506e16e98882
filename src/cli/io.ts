import type { Readable, Writable } from 'node:stream';

/**
 * What a command reads and writes. `tactful` passes the process's own streams and environment; tests pass
 * captured ones, so a command runs in-process and its output and exit code are plain values.
 */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
