import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { wipeKeys } from '../../src/sandbox/redis.ts';

/** The run's Redis (global-setup.ts: REDIS_URL, 127.0.0.1:6379 or a private redis-server). */
export function redisUrl(): string {
  return inject('redisUrl');
}

/** A unique Redis key prefix for one test file (or one test), so runs never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `tactful-test:${label}:${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (BullMQ's included): each file cleans up after itself. */
export async function wipePrefix(prefix: string): Promise<void> {
  await wipeKeys(redisUrl(), prefix);
}
