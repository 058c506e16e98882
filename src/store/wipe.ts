import { keyHolders, type RedisClient } from './redis-client.ts';

/**
 * Deletes every key under `prefix:` (Tactful's records and BullMQ's queues alike), on every master of a cluster.
 * For the demo's clean slate on a shared Redis and for tests; never called by the service itself.
 */
export async function wipePrefix(redis: RedisClient, prefix: string): Promise<number> {
  let removed = 0;
  for (const node of keyHolders(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      // One UNLINK per key on a node of a cluster: a multi-key UNLINK must stay in one slot.
      if (keys.length) removed += node === redis ? await node.unlink(...keys) : await unlinkEach(node, keys);
    } while (cursor !== '0');
  }
  return removed;
}

async function unlinkEach(node: ReturnType<typeof keyHolders>[number], keys: string[]): Promise<number> {
  const p = node.pipeline();
  for (const k of keys) p.unlink(k);
  const res = (await p.exec()) ?? [];
  return res.reduce((n, [err, v]) => n + (err ? 0 : Number(v)), 0);
}
