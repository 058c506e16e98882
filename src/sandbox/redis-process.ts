import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.ts';
import { requireBinary } from './system-parts.ts';

/**
 * A private redis-server that can be killed and started again on the same port and folder (its AOF, its
 * nodes.conf), for the Redis Cluster test and the chaos run. Nothing of it outlives this process.
 */
export interface RedisProcess {
  port: number;
  url: string;
  dir: string;
  running(): boolean;
  start(): Promise<void>;
  /** SIGTERM and wait (Redis writes what it must), or `SIGKILL` for a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startRedisProcess(
  opts: { args?: string[]; label?: string } = {},
): Promise<RedisProcess> {
  const bin = requireBinary('redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `tactful-${opts.label ?? 'redis'}-`));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...(opts.args ?? [])];
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  const proc: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    running: () => child !== undefined,
    async start() {
      if (child) return;
      // Its own process group, so a Ctrl-C meant for a script does not take Redis down before the script ends.
      const c = spawn(bin, args, { stdio: 'ignore', detached: true });
      child = c;
      c.once('exit', () => {
        if (child === c) child = undefined;
      });
      process.once('exit', killOnExit);
      await waitForPort(port, 15_000);
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      if (!c) return;
      child = undefined;
      process.off('exit', killOnExit);
      await new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
    async destroy() {
      await proc.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await proc.start();
  return proc;
}
