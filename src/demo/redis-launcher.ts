import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { SafeError } from '../errors.ts';

/** The one line a user without Redis needs (the README promises no stack trace). */
export const REDIS_MISSING = 'Tactful needs Redis: sudo apt-get install -y redis-server';

export interface DemoRedis {
  url: string;
  /** `private`: a redis-server this process started and will stop; `shared`: someone else's, keys prefixed. */
  kind: 'private' | 'shared';
  stop(): Promise<void>;
}

/** Finds an executable on PATH without a shell. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True when a Redis at `url` answers PING within a second. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function waitForRedis(url: string, timeoutMs: number, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    if (await redisAnswers(url, 300)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A throw-away redis-server in a temp folder on a random loopback port, persisting nothing. */
async function startPrivate(bin: string): Promise<DemoRedis | undefined> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tactful-demo-redis-'));
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
  if (await waitForRedis(url, 10_000, () => exited)) return { url, kind: 'private', stop };
  child.kill('SIGKILL');
  await stop();
  return undefined;
}

/**
 * Redis for the demo: a private redis-server when one is installed (nothing of the demo outlives it), else
 * REDIS_URL or 127.0.0.1:6379 when it answers (the demo then keeps to its own key prefix), else a SafeError
 * with the install line.
 */
export async function demoRedis(env: NodeJS.ProcessEnv = process.env): Promise<DemoRedis> {
  const bin = findOnPath('redis-server', env.PATH);
  if (bin) {
    const r = await startPrivate(bin);
    if (r) return r;
  }
  const shared = env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(shared)) return { url: shared, kind: 'shared', stop: async () => undefined };
  throw new SafeError('redis_missing', REDIS_MISSING);
}
