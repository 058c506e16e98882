import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { keyspace } from '../../src/store/keyspace.ts';
import { ThreadStore } from '../../src/store/threads.ts';
import { threadIdFor, type ThreadRecord } from '../../src/model/thread-record.ts';

/**
 * Conversations are not kept for ever: a thread's record, like its Message-ID links, lives 400 days after its
 * last change, and every change starts that time again.
 */
const prefix = uniquePrefix('thread-store');
const redis = new Redis(redisUrl(), { lazyConnect: false });
const keys = keyspace(prefix);
const store = new ThreadStore(redis, keys);
const DAY = 86_400;

afterAll(async () => {
  await wipePrefix(prefix);
  await redis.quit();
});

function thread(id: string, subject: string): ThreadRecord {
  return {
    id,
    inbox: 'studio',
    root: '<root@client.test>',
    client: { address: 'anna@client.test', name: 'Anna' },
    subject,
    language: 'en',
    lastClient: null,
    lastAgency: null,
    followUps: [],
    owner: null,
    openCommitment: null,
    updatedAt: '2026-12-02T10:00:00.000Z',
  };
}

describe('thread records', () => {
  it('live 400 days after their last change, like their links', async () => {
    const id = threadIdFor('studio', '<root@client.test>');
    await store.link('studio', ['<root@client.test>'], id);
    await store.update('studio', id, () => thread(id, 'Logo'));
    const recordKey = keys.inbox('studio', 'thread', id);
    const ttl = await redis.ttl(recordKey);
    expect(ttl).toBeGreaterThan(399 * DAY);
    expect(ttl).toBeLessThanOrEqual(400 * DAY);

    // A later change starts the time again; a change that leaves the record alone does not touch it.
    await redis.expire(recordKey, 10 * DAY);
    await store.update('studio', id, () => null);
    expect(await redis.ttl(recordKey)).toBeLessThanOrEqual(10 * DAY);
    await store.update('studio', id, (t) => ({ ...t!, subject: 'Logo, round two' }));
    expect(await redis.ttl(recordKey)).toBeGreaterThan(399 * DAY);
    expect((await store.get('studio', id))?.subject).toBe('Logo, round two');
  });
});
