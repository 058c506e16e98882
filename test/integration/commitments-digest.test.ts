import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { QUEUE_DEFINITIONS, type DigestJob } from '../../src/queue/definitions.ts';
import { planAllDigests, runDigest } from '../../src/commitments/digest.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { newOutgoingMessageId } from '../../src/model/ids.ts';
import { startDigestWorker } from '../../src/workers/digest.worker.ts';
import { waitUntil } from '../harness/wait.ts';
import {
  clientWrites,
  commitmentsEnv,
  LEADS,
  noticesTo,
  type CommitmentsEnv,
} from './commitments-support.ts';

/**
 * Issue 13's proof of the morning digest: at the first opening of each working day every lead gets one email —
 * none on Good Friday or Easter Monday (Swedish public holidays), none when nothing waits, none for a lead who
 * opted out, never two on one day.
 */

const THU_08 = '2026-04-02T06:00:00.000Z'; // Thursday 2 April 2026, 08:00 in Stockholm (summer time)
const THU_09 = '2026-04-02T07:00:00.000Z';
const TUE_09 = '2026-04-07T07:00:00.000Z'; // the next working day after Easter

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-digest', {
    now: THU_08,
    users: LEADS.map((u) => (u.email === 'max@agency.test' ? { ...u, digest: false } : u)),
  });
});
afterAll(() => env.close());

const jobFor = (user: string, date: string) =>
  env.ctx.queues.digest.getJob(QUEUE_DEFINITIONS.digest.jobId({ user, date }));
const digests = (to: string) => noticesTo(env.sink, to).filter((s) => s.startsWith('Tactful, '));

describe('the morning digest', () => {
  it('is planned for the first opening of each working day, for leads who did not opt out', async () => {
    expect(await planAllDigests(env.ctx)).toBe(2);
    expect(await jobFor('lea@agency.test', '2026-04-02')).toBeTruthy();
    expect(await jobFor('ada@agency.test', '2026-04-02')).toBeTruthy();
    expect(await jobFor('max@agency.test', '2026-04-02')).toBeUndefined();
  });

  it('sends nothing when nothing waits, and plans the next working day past Easter', async () => {
    env.clock.set(THU_09);
    const job: DigestJob = { user: 'lea@agency.test', date: '2026-04-02' };
    expect(await runDigest(env.ctx, job)).toEqual({ kind: 'none', reason: 'nothing to report' });
    expect(digests('lea@agency.test')).toHaveLength(0);
    // Good Friday, the weekend and Easter Monday are skipped.
    for (const date of ['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06'])
      expect(await jobFor('lea@agency.test', date)).toBeUndefined();
    expect(await jobFor('lea@agency.test', '2026-04-07')).toBeTruthy();
    // A job for a holiday (planned by an older config) sends nothing.
    env.clock.set('2026-04-03T07:00:00.000Z');
    expect(await runDigest(env.ctx, { user: 'lea@agency.test', date: '2026-04-03' })).toEqual({
      kind: 'none',
      reason: '2026-04-03 is no working day',
    });
  });

  it(
    'one email per lead on Tuesday: overdue, due today, angry clients waiting, reminders to approve',
    { timeout: 60_000 },
    async () => {
      // Thursday: a question at 10:00 (8 business hours: due Tuesday 10:00) and angry mail at 10:00 (4: due 14:00).
      env.clock.set('2026-04-02T08:00:00.000Z');
      await clientWrites(env, {
        messageId: '<d1@client.test>',
        at: '2026-04-02T08:00:00.000Z',
        subject: 'Menu page',
      });
      const angry = await clientWrites(env, {
        messageId: '<d2@client.test>',
        at: '2026-04-02T08:00:00.000Z',
        from: { address: 'jonas@brenner.test', name: 'Jonas Brenner' },
        subject: 'Shop',
        triage: { angry: true, angerScore: 0.9, categories: ['angry'] },
      });
      await processDraftJob(env.ctx, { inboxId: 'studio', recordId: angry.id }); // pending: angry waits for a lead
      await env.ctx.stores.drafts.createIfAbsent({
        inbox: 'studio',
        messageId: null,
        recordId: null,
        invoiceId: 'inv-2026-014',
        step: 2,
        kind: 'payment-reminder',
        language: 'en',
        to: 'ap@client.test',
        cc: [],
        subject: 'Invoice 2026-014',
        body: 'A reminder.',
        inReplyTo: null,
        references: [],
        unattended: false,
        sendAt: null,
        promisedBy: null,
        priority: 0,
        outgoingMessageId: newOutgoingMessageId('hello@agency.test'),
      });

      env.clock.set(TUE_09);
      const worker = await startDigestWorker(env.ctx);
      try {
        for (const user of ['lea@agency.test', 'ada@agency.test']) {
          // Lea's was planned on Thursday (delayed until now); Ada's only now, by the worker's start-up planning.
          const job = (await waitUntil(
            () => jobFor(user, '2026-04-07'),
            (j) => j !== undefined,
          ))!;
          if ((await job.getState()) === 'delayed') await job.promote();
          await waitUntil(
            () => job.getState(),
            (s) => s === 'completed',
            20_000,
          );
        }
      } finally {
        await worker.close();
      }
      for (const lead of ['lea@agency.test', 'ada@agency.test']) {
        expect(digests(lead)).toEqual([
          'Tactful, Tue 7 Apr: 1 overdue, 1 due today, 1 angry client waiting, 1 reminder to approve',
        ]);
      }
      expect(digests('max@agency.test')).toHaveLength(0);
      const raw = env.sink.deliveries.find((d) => d.to.includes('lea@agency.test'))!.raw;
      expect(raw.toString()).toMatch(/^Auto-Submitted: auto-generated$/m);
      const mail = (await simpleParser(raw)).text ?? '';
      expect(mail).toContain('Overdue:\n- Jonas Brenner: "Shop" (reply by Thu 2 Apr, 14:00)');
      expect(mail).toContain('Due today:\n- Anna Berg: "Menu page" (reply by Tue 7 Apr, 10:00)');
      // Once a day: the same day again sends nothing; the next working day is planned.
      expect(await runDigest(env.ctx, { user: 'lea@agency.test', date: '2026-04-07' })).toEqual({
        kind: 'none',
        reason: 'already sent',
      });
      expect(digests('lea@agency.test')).toHaveLength(1);
      expect(await jobFor('lea@agency.test', '2026-04-08')).toBeTruthy();
    },
  );
});
