import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentIdFor, type CommitmentRecord } from '../../src/model/commitment-record.ts';
import { recordId } from '../../src/model/ids.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { startService, type RunningService } from '../harness/context.ts';
import { appendMessages, searchMailbox } from '../harness/mailbox.ts';
import { waitFor, waitUntil } from '../harness/wait.ts';
import { commitmentsEnv, type CommitmentsEnv } from './commitments-support.ts';

/**
 * Issue 13's proof of "kept by any mail client": the service runs (poller and workers, on Dovecot and real
 * Redis), a client's question arrives in the INBOX and opens a reply-by clock; a person answers from their own
 * mail program, which files the reply in Sent with In-Reply-To — Tactful never sees it leave. The poller's Sent
 * check finds it, the commitment is kept, its alerts are removed, and the Sent folder is left untouched.
 */

const MON_10 = '2026-11-23T09:00:00.000Z'; // Monday 23 November 2026, 10:00 in Stockholm
const MON_14 = '2026-11-23T13:00:00.000Z';

let env: CommitmentsEnv;
let service: RunningService;
beforeAll(async () => {
  env = await commitmentsEnv('cm-sent', { now: MON_10 });
  service = await startService(env.config, ['poller', 'worker'], { clock: env.clock });
});
afterAll(async () => {
  await service?.stop();
  await env.close();
});

const jobOf = (c: CommitmentRecord, kind: 'due-soon' | 'breach') =>
  env.ctx.queues.alert.getJob(QUEUE_DEFINITIONS.alert.jobId({ commitmentId: c.id, kind, dueAt: c.dueAt }));

describe('a reply filed in Sent by a mail client', () => {
  it(
    'keeps the commitment before its reply-by time and cancels its alerts, setting no flag',
    { timeout: 90_000 },
    async () => {
      const question = [
        'From: "Anna Berg" <anna@client.test>',
        `To: ${env.user.address}`,
        'Subject: Photos for the spring campaign',
        'Message-ID: <spring@client.test>',
        `Date: ${new Date(MON_10).toUTCString()}`,
        '',
        'Hello Maja, when can we see the first photos from the shoot?',
        '',
      ].join('\r\n');
      await appendMessages(env.user, [{ raw: question, date: new Date(MON_10) }]);
      const id = commitmentIdFor(recordId('studio', '<spring@client.test>'));
      const opened = await waitFor(() => env.ctx.stores.commitments.get(id), 'the commitment', 60_000);
      expect(opened.status).toBe('open');
      // The alerts are queued just after the commitment is stored.
      await waitFor(() => jobOf(opened, 'breach'), 'the breach alert job');
      // The Sent folder is watched from here on.
      await waitFor(() => env.ctx.stores.cursors.get('studio', 'sent'), 'the Sent cursor');

      env.clock.set(MON_14);
      const reply = [
        `From: Maja Lind <${env.user.address}>`,
        'To: Anna Berg <anna@client.test>',
        'Subject: Re: Photos for the spring campaign',
        'Message-ID: <maja-reply-1@phone.agency.test>',
        'In-Reply-To: <spring@client.test>',
        'References: <spring@client.test>',
        `Date: ${new Date(MON_14).toUTCString()}`,
        '',
        'Hi Anna, the first twenty are ready: you will have them by Wednesday.',
        '',
      ].join('\r\n');
      const [uid] = await appendMessages(env.user, [{ raw: reply, date: new Date(MON_14) }], {
        mailbox: 'Sent',
      });

      const kept = await waitUntil(
        () => env.ctx.stores.commitments.get(id),
        (c) => c?.status === 'kept',
        30_000,
      );
      expect(kept).toMatchObject({
        answeredAt: MON_14,
        answer: { via: 'sent-folder', messageId: '<maja-reply-1@phone.agency.test>' },
        firstResponseBusinessHours: 4,
      });
      // Its alerts are removed just after the commitment is marked kept.
      await waitUntil(
        async () => ({
          breach: !!(await jobOf(kept!, 'breach')),
          dueSoon: !!(await jobOf(kept!, 'due-soon')),
        }),
        (queued) => !queued.breach && !queued.dueSoon,
      );
      // Read read-only: the reply is as unread as the mail program left it.
      expect(await searchMailbox(env.user, 'Sent', { seen: false })).toContain(uid);
      const cursor = await env.ctx.stores.cursors.get('studio', 'sent');
      expect(cursor!.lastUid).toBeGreaterThanOrEqual(uid!);
    },
  );
});
