import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.ts';
import { requireBinary } from './system-parts.ts';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/** A throw-away redis-server on a random loopback port, persisting nothing. */
export async function startRedis(): Promise<PrivateRedis> {
  const bin = requireBinary('redis-server', ['/usr/bin/redis-server']);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tactful-redis-'));
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
