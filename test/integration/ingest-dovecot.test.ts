import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../harness/dovecot.ts';
import { appendMessages, openMailbox } from '../harness/mailbox.ts';
import { kill } from '../harness/processes.ts';
import { redisUrl } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import {
  allRecords,
  expectExactlyOnce,
  ingestDrained,
  recordCount,
  sampleMessages,
  servedInboxes,
} from './ingest-support.ts';

// A private Dovecot: this file restarts it, which the shared one must never see.
let dovecot: Dovecot;
const inboxes = servedInboxes(() => dovecot);
beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await inboxes.cleanUp();
  await dovecot?.destroy();
});

const setup = (label: string, mailbox = 'INBOX') =>
  inboxes.add(label, { imap: { mailbox }, ingest: { pollSeconds: 2, concurrency: 4 } });

describe('ingest across IMAP server trouble', () => {
  it('loses nothing and duplicates nothing when Dovecot restarts in the middle of a backlog', async () => {
    const { prefix, user, serve } = setup('restart');
    await appendMessages(user, sampleMessages(500));
    const svc = serve();
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 20, 'the first records', 30_000, 20);
    await dovecot.stop();
    const atStop = await recordCount(redisUrl(), prefix);
    await dovecot.start();
    // Mail that arrives after the restart is caught up too.
    await appendMessages(user, sampleMessages(50, 1000));
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 550, '550 records', 120_000, 200);
    await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain', 30_000);
    await expectExactlyOnce(redisUrl(), prefix, 550);
    expect(atStop).toBeLessThan(500);
    expect(await kill(svc, 'SIGTERM')).toBe(0);
  }, 200_000);

  it('re-syncs without duplicates when the mailbox is re-created with a new UIDVALIDITY', async () => {
    const { prefix, user, serve } = setup('uidvalidity', 'Clients');
    const admin = await openMailbox(user);
    await admin.mailboxCreate('Clients');
    await appendMessages(user, sampleMessages(100), { mailbox: 'Clients' });
    const svc = serve();
    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 100, '100 records', 60_000, 100);
    const before = (await allRecords(redisUrl(), prefix))[0]!.uidValidity;

    // Re-create the mailbox under the running service: same messages, new UIDVALIDITY (RFC 3501 §2.3.1.1).
    await admin.mailboxRename('Clients', 'Clients-old');
    await admin.mailboxCreate('Clients');
    await admin.mailboxOpen('Clients-old');
    await admin.messageCopy('1:*', 'Clients');
    await admin.mailboxClose();
    const after = await admin.status('Clients', { uidValidity: true });
    expect(after && after.uidValidity?.toString()).not.toBe(before);
    await admin.logout();
    // While the service re-syncs the re-created mailbox, Dovecot may answer an APPEND with NO "Mailbox was deleted
    // under us" (seen on a loaded machine). A NO appends nothing, so each message is tried again until it is taken.
    for (const raw of sampleMessages(10, 500)) {
      for (let attempt = 1; ; attempt++) {
        try {
          await appendMessages(user, [raw], { mailbox: 'Clients' });
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 300 * attempt));
        }
      }
    }

    await waitFor(async () => (await recordCount(redisUrl(), prefix)) >= 110, '110 records', 60_000, 100);
    await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain', 30_000);
    await expectExactlyOnce(redisUrl(), prefix, 110);
    const fresh = (await allRecords(redisUrl(), prefix)).filter((r) => r.uidValidity !== before);
    expect(fresh).toHaveLength(10);
    expect(await kill(svc, 'SIGTERM')).toBe(0);
  }, 200_000);
});
