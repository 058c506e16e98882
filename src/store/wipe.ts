import type { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix:` (Tactful's records and BullMQ's queues alike). For the demo's clean
 * slate on a shared Redis and for tests; never called by the service itself.
 */
export async function wipePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
