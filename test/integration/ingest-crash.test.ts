import { afterAll, describe, expect, it } from 'vitest';
import { appendMessages } from '../harness/mailbox.ts';
import { kill } from '../harness/processes.ts';
import { redisUrl } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import {
  expectExactlyOnce,
  inboxStatusOf,
  ingestDrained,
  ingestQueueCounts,
  recordCount,
  sampleMessages,
  servedInboxes,
} from './ingest-support.ts';

const inboxes = servedInboxes();
afterAll(() => inboxes.cleanUp());

const setup = (label: string) => inboxes.add(label, { ingest: { leaseSeconds: 2, concurrency: 4 } });

describe('ingest survives process kills', () => {
  it('SIGKILL in the middle of a 500-message backlog, then a restart: every message has exactly one record', async () => {
    const { prefix, user, serve } = setup('kill');
    await appendMessages(user, sampleMessages(500));
    const first = serve();
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 20, 'the first records', 30_000, 20);
    await kill(first, 'SIGKILL');
    const atKill = await recordCount(redisUrl(), prefix);
    expect(atKill).toBeLessThan(500);

    const second = serve();
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 500, '500 records', 90_000, 200);
    await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain', 30_000);
    await expectExactlyOnce(redisUrl(), prefix, 500);
    expect((await ingestQueueCounts(redisUrl(), prefix)).failed).toBe(0);

    // A graceful stop: drains, releases the lease, exits 0.
    expect(await kill(second, 'SIGTERM')).toBe(0);
  }, 150_000);

  it('two service processes on one inbox make no duplicates, and the standby takes over when the active one dies', async () => {
    const { prefix, user, serve } = setup('pair');
    const a = serve();
    const b = serve();
    const status = await waitFor(
      async () =>
        (await inboxStatusOf(redisUrl(), prefix))?.connected && (await inboxStatusOf(redisUrl(), prefix)),
      'a connected poller',
      30_000,
    );
    await appendMessages(user, sampleMessages(200));
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 200, '200 records', 60_000, 200);

    const activePid = Number(status.holder.split(':').pop());
    const [active, standby] = a.pid === activePid ? [a, b] : [b, a];
    expect([a.pid, b.pid]).toContain(activePid);
    await kill(active, 'SIGKILL');
    const killedAt = Date.now();
    await appendMessages(user, sampleMessages(50, 1000));
    await waitFor(
      async () => (await recordCount(redisUrl(), prefix)) >= 250,
      '250 records after the take-over',
      60_000,
      100,
    );
    const tookOverMs = Date.now() - killedAt;
    const now = await inboxStatusOf(redisUrl(), prefix);
    expect(now?.holder.endsWith(`:${standby.pid}`)).toBe(true);
    expect(tookOverMs).toBeLessThan(15_000);
    await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain', 30_000);
    await expectExactlyOnce(redisUrl(), prefix, 250);

    expect(await kill(standby, 'SIGTERM')).toBe(0);
  }, 150_000);
});
