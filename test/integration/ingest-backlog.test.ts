import { afterAll, describe, expect, it } from 'vitest';
import { keyspace } from '../../src/store/keyspace.ts';
import { startService } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import {
  allRecords,
  expectExactlyOnce,
  ingestConfig,
  ingestDrained,
  sampleMessage,
  sampleMessages,
} from './ingest-support.ts';

const prefix = uniquePrefix('ingest-backlog');
afterAll(() => wipePrefix(prefix));

describe('start-up backlog and lease discipline', () => {
  const user = newMailUser('backlog');
  const config = ingestConfig({ prefix, user, ingest: { leaseSeconds: 2 } });

  it('turns a 1,000-message backlog at start-up into 1,000 records, each exactly once', async () => {
    await appendMessages(user, sampleMessages(1000));
    const svc = await startService(config, ['poller', 'worker']);
    try {
      const store = svc.ctx.stores.messages;
      await waitFor(async () => (await store.count('studio')) >= 1000, '1,000 records', 90_000, 200);
      await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain');
      await expectExactlyOnce(redisUrl(), prefix, 1000);
      // Every new record was triaged by its own ingest job (issue 15: no hop through the triage queue).
      const records = await allRecords(redisUrl(), prefix);
      expect(records.filter((r) => r.triage === null)).toEqual([]);
      const triage = await svc.ctx.queues.triage.getJobCounts('wait', 'active', 'completed', 'delayed');
      expect(Object.values(triage).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await svc.stop();
    }
  }, 120_000);

  it('stops polling at once when another process takes the lease, and resumes when it is free', async () => {
    const svc = await startService(config, ['poller', 'worker']);
    try {
      const store = svc.ctx.stores.messages;
      const cursors = svc.ctx.stores.cursors;
      const leaseKey = keyspace(config.redis.prefix).inbox('studio', 'lease', 'poller');
      await waitFor(async () => (await svc.ctx.stores.leases.pollerHolder('studio')) !== null, 'the lease');
      // Another process "steals" the lease (as after a long pause of this one): the renewal notices.
      await svc.ctx.redis.set(leaseKey, 'someone-else', 'PX', 60_000);
      const cursorBefore = await cursors.get('studio');
      await appendMessages(user, [sampleMessage(5000, { messageId: '<while-not-leased@client.test>' })]);
      const find = async () =>
        (await store.list('studio', 5)).some((r) => r.messageId === '<while-not-leased@client.test>');
      // Negative check: for longer than the IDLE delay and a renewal period, nothing is ingested.
      await expect(waitFor(find, 'a record that must not appear', 3_000)).rejects.toThrow(/timed out/);
      expect(await cursors.get('studio')).toEqual(cursorBefore);

      await svc.ctx.redis.del(leaseKey);
      await waitFor(find, 'the record once the lease is free', 15_000);
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
