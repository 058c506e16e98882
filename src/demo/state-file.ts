import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafeError } from '../errors.ts';

/** Where a running demo tells `tactful demo send` how to reach its sandbox (demo credentials only). */
export interface DemoState {
  pid: number;
  url: string;
  imap: { host: string; port: number; user: string; pass: string };
  smtp: { host: string; port: number; user: string; pass: string };
}

export const defaultStatePath = () => join(tmpdir(), 'tactful-demo.json');

export function writeState(path: string, state: DemoState): void {
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** The running demo's state; a clear error when no demo runs (no file, or its process is gone). */
export function readState(path: string): DemoState {
  let state: DemoState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as DemoState;
  } catch {
    throw new SafeError('demo_not_running', 'no demo is running: start one with `npm run demo` first');
  }
  try {
    process.kill(state.pid, 0);
  } catch {
    throw new SafeError(
      'demo_not_running',
      'the demo that wrote its state has stopped: start it again with `npm run demo`',
    );
  }
  return state;
}

export function removeState(path: string, pid = process.pid): void {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as DemoState;
    if (state.pid === pid) rmSync(path, { force: true });
  } catch {
    /* already gone */
  }
}
