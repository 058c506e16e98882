import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeClient } from '../queue/connection.ts';
import { SafeError } from '../errors.ts';
import { wipePrefix } from '../store/wipe.ts';
import { freePort } from './ports.ts';
import { findBinary, INSTALL_LINES } from './system-parts.ts';

/** The one line a user without Redis gets from the demo (and the tests). */
export const REDIS_MISSING = INSTALL_LINES['redis-server'];

export interface SandboxRedis {
  url: string;
  /** `private`: a redis-server this process started and will stop; `shared`: someone else's, keys prefixed. */
  kind: 'private' | 'shared';
  stop(): Promise<void>;
}

/** True when a Redis at `url` answers PING within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const r = probeClient(url, timeoutMs);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function answersWithin(url: string, timeoutMs: number, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    if (await redisAnswers(url, 300)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * A throw-away redis-server in a temp folder on a random loopback port, persisting nothing; undefined when it
 * does not come up within 10 s.
 */
export async function startPrivateRedis(bin: string): Promise<SandboxRedis | undefined> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tactful-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and Redis must outlive the
  // workers while they drain. The 'exit' hook still takes it down if this process ends any other way.
  const child = spawn(bin, args, { stdio: 'ignore', detached: true });
  let exited = false;
  const killOnExit = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true }); // it persists nothing, so nothing is lost
  };
  process.once('exit', killOnExit);
  child.once('exit', () => {
    exited = true;
    process.off('exit', killOnExit);
  });
  child.once('error', () => (exited = true));
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (await answersWithin(url, 10_000, () => exited)) return { url, kind: 'private', stop };
  child.kill('SIGKILL');
  await stop();
  return undefined;
}

async function privateRedis(env: NodeJS.ProcessEnv): Promise<SandboxRedis | undefined> {
  const bin = findBinary('redis-server', { path: env.PATH });
  return bin ? startPrivateRedis(bin) : undefined;
}

async function sharedRedis(env: NodeJS.ProcessEnv): Promise<SandboxRedis | undefined> {
  const url = env.REDIS_URL || 'redis://127.0.0.1:6379';
  return (await redisAnswers(url)) ? { url, kind: 'shared', stop: async () => undefined } : undefined;
}

/**
 * A Redis to run against, from two sources in the order `prefer` names first:
 * - `shared`: REDIS_URL, else 127.0.0.1:6379, when it answers PING (the tests: nothing to start);
 * - `private`: a redis-server from PATH started for this process (the demo: nothing of it outlives the demo).
 * Neither: a SafeError `redis_missing` whose message is the one install line.
 */
export async function findRedis(opts: {
  prefer: 'shared' | 'private';
  env?: NodeJS.ProcessEnv;
}): Promise<SandboxRedis> {
  const env = opts.env ?? process.env;
  const order = opts.prefer === 'shared' ? [sharedRedis, privateRedis] : [privateRedis, sharedRedis];
  for (const source of order) {
    const found = await source(env);
    if (found) return found;
  }
  throw new SafeError('redis_missing', REDIS_MISSING);
}

/** Connects, deletes every key under `prefix:` (store/wipe.ts) and disconnects. */
export async function wipeKeys(url: string, prefix: string): Promise<number> {
  const r = probeClient(url, 5000);
  try {
    await r.connect();
    return await wipePrefix(r, prefix);
  } finally {
    await r.quit().catch(() => r.disconnect());
  }
}
