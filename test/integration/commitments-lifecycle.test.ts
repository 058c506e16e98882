import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentIdFor, type CommitmentRecord } from '../../src/model/commitment-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { triageResult as triageResultSchema } from '../../src/model/triage-result.ts';
import { closeCommitment, listCommitments, takeThread, attention } from '../../src/commitments/service.ts';
import { alertRecipients } from '../../src/commitments/recipients.ts';
import { leadPrincipal, API_ADMIN } from '../harness/principals.ts';
import { clientWrites, commitmentsEnv, type CommitmentsEnv } from './commitments-support.ts';

/** Monday 23 November 2026, 10:00 in Stockholm (CET): the office is open 09:00–17:00, Swedish holidays. */
const MON_10 = '2026-11-23T09:00:00.000Z';
const HOUR = 3_600_000;

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-life', { now: MON_10 });
});
afterAll(() => env.close());

const commitment = async (recordId: string) =>
  (await env.ctx.stores.commitments.get(commitmentIdFor(recordId)))!;
const alertJob = (c: CommitmentRecord, kind: 'due-soon' | 'breach', dueAt = c.dueAt) =>
  env.ctx.queues.alert.getJob(QUEUE_DEFINITIONS.alert.jobId({ commitmentId: c.id, kind, dueAt }));
/** When a delayed job fires, on the test's clock (BullMQ counts from when it was added, in real time). */
const firesAt = async (c: CommitmentRecord, kind: 'due-soon' | 'breach') => {
  const job = await alertJob(c, kind);
  return job ? new Date(env.clock.now().getTime() + job.delay - (Date.now() - job.timestamp)) : null;
};
const near = (a: Date | null, iso: string) =>
  expect(Math.abs(a!.getTime() - Date.parse(iso))).toBeLessThan(60_000);

describe('a client message that waits for an answer', () => {
  it('opens a commitment due in 8 business hours, with a due-soon alert 2 business hours before and a breach alert', async () => {
    env.clock.set(MON_10);
    const rec = await clientWrites(env, { messageId: '<q1@client.test>', at: MON_10 });
    const c = await commitment(rec.id);
    expect(c).toMatchObject({
      status: 'open',
      basis: 'reply',
      openedAt: MON_10,
      client: { address: 'anna@client.test' },
    });
    // Mon 10:00 + 8 open hours = Tue 10:00 (7 on Monday, 1 on Tuesday).
    expect(c.dueAt).toBe('2026-11-24T09:00:00.000Z');
    near(await firesAt(c, 'due-soon'), '2026-11-23T15:00:00Z'); // Mon 16:00
    near(await firesAt(c, 'breach'), '2026-11-24T09:00:00Z');
    expect((await env.ctx.stores.threads.get('studio', c.thread))!.openCommitment).toBe(c.id);
  });

  it('keeps its clock when the client writes again in the same thread', async () => {
    env.clock.set(new Date(Date.parse(MON_10) + 2 * HOUR));
    const first = await commitment(
      (await env.ctx.stores.messages.page({ inboxes: ['studio'], limit: 1 })).items[0]!.id,
    );
    const again = await clientWrites(env, {
      messageId: '<q1b@client.test>',
      at: env.clock.now().toISOString(),
      inReplyTo: '<q1@client.test>',
      references: ['<q1@client.test>'],
      text: 'Any news? We launch on Friday.',
    });
    expect(await env.ctx.stores.commitments.get(commitmentIdFor(again.id))).toBeNull();
    const c = await env.ctx.stores.commitments.get(first.id);
    expect(c!.records).toEqual([first.records[0], again.id]);
    expect(c!.dueAt).toBe(first.dueAt);
  });

  it('a bare thank-you and automated mail open none', async () => {
    env.clock.set(MON_10);
    const thanks = await clientWrites(env, {
      messageId: '<t1@client.test>',
      at: MON_10,
      subject: 'Invoice',
      text: 'Thanks a lot, Maja! Best regards, Anna',
    });
    const auto = await clientWrites(env, {
      messageId: '<auto1@client.test>',
      at: MON_10,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      triage: { categories: ['automated'], autoReply: { allowed: false, reason: 'auto-submitted' } },
    });
    expect(await env.ctx.stores.commitments.get(commitmentIdFor(thanks.id))).toBeNull();
    expect(await env.ctx.stores.commitments.get(commitmentIdFor(auto.id))).toBeNull();
  });

  it('angry mail gets 4 business hours', async () => {
    env.clock.set(MON_10);
    const angry = await clientWrites(env, {
      messageId: '<a1@client.test>',
      at: MON_10,
      subject: 'Site',
      triage: { angry: true, angerScore: 0.8 },
    });
    expect(await commitment(angry.id)).toMatchObject({ basis: 'angry', dueAt: '2026-11-23T13:00:00.000Z' });
  });

  // `urgent` arrives with the tone model's triage result (src/model/triage-result.ts); until a stored result can
  // carry it there is nothing to test.
  it.runIf('urgent' in triageResultSchema.shape)(
    'urgent mail gets 2, and a 2-hour clock warns at once',
    async () => {
      env.clock.set(MON_10);
      const urgent = await clientWrites(env, {
        messageId: '<u1@client.test>',
        at: MON_10,
        subject: 'Shop down',
        triage: { angry: true, urgent: true },
      });
      const u = await commitment(urgent.id);
      expect(u).toMatchObject({ basis: 'urgent', dueAt: '2026-11-23T11:00:00.000Z' });
      near(await firesAt(u, 'due-soon'), MON_10);
    },
  );
});

describe('answers', () => {
  it('mail from the inbox address in the thread keeps it: first response in business hours, alerts removed, thread free', async () => {
    env.clock.set('2026-11-23T10:00:00Z');
    const q = await clientWrites(env, {
      messageId: '<k1@client.test>',
      at: '2026-11-23T10:00:00Z',
      subject: 'SEO report',
    });
    const c0 = await commitment(q.id);
    expect(await alertJob(c0, 'breach')).toBeTruthy();
    env.clock.set('2026-11-23T13:30:00Z');
    await clientWrites(env, {
      messageId: '<ours-k1@agency.test>',
      at: '2026-11-23T13:30:00Z',
      from: { address: env.user.address, name: 'Maja Lind' },
      subject: 'Re: SEO report',
      inReplyTo: '<k1@client.test>',
      references: ['<k1@client.test>'],
      text: 'Here it is: rankings are up.',
    });
    const c = await commitment(q.id);
    expect(c).toMatchObject({
      status: 'kept',
      answeredAt: '2026-11-23T13:30:00.000Z',
      firstResponseBusinessHours: 3.5,
    });
    expect(c.answer).toEqual({ via: 'inbox', messageId: '<ours-k1@agency.test>' });
    expect(await alertJob(c, 'breach')).toBeUndefined();
    expect(await alertJob(c, 'due-soon')).toBeUndefined();
    expect((await env.ctx.stores.threads.get('studio', c.thread))!.openCommitment).toBeNull();

    // The client's next question in the same thread is a new commitment with its own clock.
    env.clock.set('2026-11-23T14:00:00Z');
    const next = await clientWrites(env, {
      messageId: '<k2@client.test>',
      at: '2026-11-23T14:00:00Z',
      subject: 'Re: SEO report',
      inReplyTo: '<ours-k1@agency.test>',
      references: ['<k1@client.test>', '<ours-k1@agency.test>'],
      text: 'Thanks. And what about the blog pages?',
    });
    expect(await commitment(next.id)).toMatchObject({ status: 'open', thread: c.thread });
  });

  it('an answer after the reply-by time is recorded as answered late', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const q = await clientWrites(env, {
      messageId: '<l1@client.test>',
      at: '2026-11-23T09:00:00Z',
      subject: 'Newsletter',
    });
    await env.ctx.conversation.sentFolderMessages(env.ctx, [
      {
        inbox: 'studio',
        messageId: '<late@agency.test>',
        inReplyTo: '<l1@client.test>',
        references: ['<l1@client.test>'],
        to: ['anna@client.test'],
        subject: 'Re: Newsletter',
        at: '2026-11-24T15:00:00.000Z', // Tue 16:00, due Tue 10:00
        text: 'Sorry for the wait: the newsletter goes out on Thursday.',
        via: 'sent-folder',
      },
    ]);
    expect(await commitment(q.id)).toMatchObject({
      status: 'answered-late',
      breachedAt: '2026-11-24T09:00:00.000Z',
      firstResponseBusinessHours: 14,
    });
  });

  it('an acknowledgement never keeps one; a sent promise becomes the reply-by time and re-plans the alerts', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const q = await clientWrites(env, {
      messageId: '<p1@client.test>',
      at: '2026-11-23T09:00:00Z',
      subject: 'Booking page',
      triage: { angry: true },
    });
    const before = await commitment(q.id);
    const ack = (kind: DraftRecord['kind'], promisedBy: string | null) =>
      ({
        id: `m_${q.id}`,
        inbox: 'studio',
        kind,
        messageId: '<p1@client.test>',
        recordId: q.id,
        inReplyTo: '<p1@client.test>',
        references: ['<p1@client.test>'],
        to: 'anna@client.test',
        cc: [],
        subject: 'Re: Booking page',
        body: 'We are looking into it.',
        outgoingMessageId: '<tactful-ack-p1@agency.test>',
        promisedBy,
        sentAt: '2026-11-23T09:05:00.000Z',
      }) as unknown as DraftRecord;
    await env.ctx.conversation.draftSent(env.ctx, ack('after-hours', null));
    expect((await commitment(q.id)).status).toBe('open');
    await env.ctx.conversation.draftSent(env.ctx, ack('angry', '2026-11-25T16:00:00.000Z'));
    const after = await commitment(q.id);
    expect(after).toMatchObject({
      status: 'open',
      basis: 'promise',
      dueAt: '2026-11-25T16:00:00.000Z',
      promiseDraftId: `m_${q.id}`,
    });
    expect(await alertJob(before, 'breach', before.dueAt)).toBeUndefined();
    expect(await alertJob(after, 'breach')).toBeTruthy();
  });
});

describe('leads', () => {
  it('close one (no answer needed), take a thread; another inbox’s lead sees nothing', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const q = await clientWrites(env, {
      messageId: '<c1@client.test>',
      at: '2026-11-23T09:00:00Z',
      subject: 'Photos',
    });
    const id = commitmentIdFor(q.id);
    const lea = { ...leadPrincipal(), actor: 'lea@agency.test', name: 'Lea Nord' };
    const max = { ...leadPrincipal(), actor: 'max@agency.test', name: 'Max Berg' };
    const stranger = leadPrincipal(['other']);
    await expect(closeCommitment(env.ctx, stranger, id)).rejects.toMatchObject({ status: 404 });

    expect(alertRecipients(env.config, await commitment(q.id))).toEqual([
      'lea@agency.test',
      'max@agency.test',
      'ada@agency.test',
    ]);
    await takeThread(env.ctx, lea, id);
    expect(alertRecipients(env.config, await commitment(q.id))).toEqual(['lea@agency.test']);
    await expect(takeThread(env.ctx, max, id)).rejects.toThrow('Lea Nord has taken this thread');

    const closed = await closeCommitment(env.ctx, max, id, 'they only wanted us to know');
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'they only wanted us to know' });
    expect(await alertJob(closed, 'breach')).toBeUndefined();
    await expect(closeCommitment(env.ctx, max, id)).rejects.toMatchObject({ status: 409 });
    expect((await listCommitments(env.ctx, API_ADMIN, { status: ['closed'] })).map((c) => c.id)).toContain(
      id,
    );
  });

  it('the attention list: overdue and due soon, for the queue’s top section and the badge', async () => {
    env.clock.set('2026-11-24T09:30:00Z'); // Tue 10:30: Monday 10:00's clock ran out at Tue 10:00
    const a = await attention(env.ctx, API_ADMIN);
    expect(a.overdue.length).toBeGreaterThan(0);
    expect(a.overdue.every((c) => Date.parse(c.dueAt) <= env.clock.now().getTime())).toBe(true);
    expect(a.count).toBe(a.overdue.length + a.dueSoon.length);
  });
});
