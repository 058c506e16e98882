import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages, openMailbox, withMailbox } from '../harness/mailbox.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';

const prefix = uniquePrefix('harness');
afterAll(() => wipePrefix(prefix));

describe('test harness', () => {
  it('gives each test file a mail user that can log in, append and read back', async () => {
    const u = newMailUser();
    expect(await appendMessages(u, ['From: a@b.test\r\nSubject: hi\r\n\r\nhello\r\n'])).toEqual([1]);
    const status = await withMailbox(u, (c) => c.status('INBOX', { messages: true }));
    expect(status && status.messages).toBe(1);
  });

  it('lets users added in quick succession log in at once (no passwd-file caching race)', async () => {
    const users = Array.from({ length: 15 }, () => newMailUser('burst'));
    for (const u of users) {
      // retryMs 0: one attempt, so a caching race would fail here instead of being waited out.
      const client = await openMailbox(u, { retryMs: 0 });
      await client.logout();
    }
  });

  it('refuses a wrong password', async () => {
    const u = newMailUser();
    await expect(openMailbox({ ...u, pass: 'wrong' }, { retryMs: 0 })).rejects.toThrow();
  });

  it('wipes every key under a prefix and nothing else', async () => {
    const r = new Redis(redisUrl());
    const other = uniquePrefix('harness-other');
    try {
      await r.set(`${prefix}:k`, 'v');
      await r.set(`${other}:k`, 'kept');
      expect(await r.get(`${prefix}:k`)).toBe('v');
      await wipePrefix(prefix);
      expect(await r.exists(`${prefix}:k`)).toBe(0);
      expect(await r.get(`${other}:k`)).toBe('kept');
    } finally {
      await r.del(`${other}:k`);
      await r.quit();
    }
  });
});
