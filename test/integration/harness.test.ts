import { afterAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { newMailUser, redisUrl, uniquePrefix, wipePrefix } from '../harness/context.ts';

const prefix = uniquePrefix('harness');
afterAll(() => wipePrefix(prefix));

describe('test harness', () => {
  it('gives each test file a mail user that can log in, append and read back', async () => {
    const u = newMailUser();
    const client = new ImapFlow({
      host: inject('imapHost'),
      port: inject('imapPort'),
      secure: false,
      auth: { user: u.user, pass: u.pass },
      logger: false,
    });
    await client.connect();
    await client.append('INBOX', 'From: a@b.test\r\nSubject: hi\r\n\r\nhello\r\n');
    const status = await client.status('INBOX', { messages: true });
    expect(status && status.messages).toBe(1);
    await client.logout();
  });

  it('lets users added in quick succession log in at once (no passwd-file caching race)', async () => {
    const users = Array.from({ length: 15 }, () => newMailUser('burst'));
    for (const u of users) {
      const client = new ImapFlow({
        host: inject('imapHost'),
        port: inject('imapPort'),
        secure: false,
        auth: { user: u.user, pass: u.pass },
        logger: false,
      });
      await client.connect();
      await client.logout();
    }
  });

  it('refuses a wrong password', async () => {
    const u = newMailUser();
    const client = new ImapFlow({
      host: inject('imapHost'),
      port: inject('imapPort'),
      secure: false,
      auth: { user: u.user, pass: 'wrong' },
      logger: false,
    });
    await expect(client.connect()).rejects.toThrow();
  });

  it('talks to Redis under its own prefix', async () => {
    const r = new Redis(redisUrl());
    await r.set(`${prefix}:k`, 'v');
    expect(await r.get(`${prefix}:k`)).toBe('v');
    await r.quit();
  });
});
