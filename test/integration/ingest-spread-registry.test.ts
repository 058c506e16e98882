import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { keyspace } from '../../src/store/keyspace.ts';
import { LivePollerStore } from '../../src/store/pollers.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitUntil } from '../harness/wait.ts';

const prefix = uniquePrefix('pollers');
const redis = new Redis(redisUrl());
const store = new LivePollerStore(redis, keyspace(prefix));
afterAll(async () => {
  await wipePrefix(prefix);
  await redis.quit();
});

describe('the live pollers in Redis (src/store/pollers.ts)', () => {
  it('a heartbeat registers the poller and answers with everyone live, sorted', async () => {
    expect(await store.heartbeat('b:2:x', 10_000)).toEqual(['b:2:x']);
    expect(await store.heartbeat('a:1:x', 10_000)).toEqual(['a:1:x', 'b:2:x']);
    expect(await store.live()).toEqual(['a:1:x', 'b:2:x']);
    expect(store.key).toBe(`${prefix}:{pollers}:live`);
  });

  it('a poller that stops beating drops out after its TTL; one that leaves, at once', async () => {
    await store.heartbeat('short:3:x', 300);
    expect(await store.live()).toContain('short:3:x');
    await waitUntil(
      () => store.live(),
      (live) => !live.includes('short:3:x'),
      5_000,
    );
    await store.leave('b:2:x');
    expect(await store.heartbeat('a:1:x', 10_000)).toEqual(['a:1:x']);
  });

  it('the key lives only as long as its last registration', async () => {
    await store.leave('a:1:x');
    await store.heartbeat('last:4:x', 1_000);
    const ttl = await redis.pttl(store.key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
  });
});
