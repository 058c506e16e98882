import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftReply, sendEnv, seedMessage, header, headerList, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { keyspace } from '../../src/store/keyspace.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { startSendWorker } from '../../src/workers/send.worker.ts';
import { appendMessages } from '../harness/mailbox.ts';

/** Friday 20 November 2026, 23:00 in Stockholm. */
const FRIDAY_NIGHT = '2026-11-20T22:00:00Z';
/** Monday 23 November 2026, 09:00 in Stockholm. */
const MONDAY_OPENING = '2026-11-23T08:00:00.000Z';

let env: SendEnv;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await sendEnv('send-ack', { autoSend: { 'after-hours': true, angry: false } });
  // Unattended acknowledgements use the null sender here (RFC 3834 §3.3).
  env.config.inboxes[0]!.smtp = { ...env.config.inboxes[0]!.smtp!, autoReplyEnvelopeFrom: '' };
  worker = await startSendWorker(env.ctx);
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;

/** The ack waits for Monday's opening; the test moves the clock there and lets the delayed job run now. */
async function releaseAt(draftId: string, at: string) {
  env.clock.set(at);
  const job = await env.ctx.queues.send.getJob(
    QUEUE_DEFINITIONS.send.jobId({ draftId, inboxId: 'studio', attempt: 1 }),
  );
  expect(job).toBeTruthy();
  if ((await job!.getState()) === 'delayed') await job!.promote();
}

describe('unattended acknowledgement of after-hours mail (RFC 3834)', () => {
  it('Swedish mail on Friday night → Swedish note scheduled for Monday 09:00 Stockholm, sent once, per R1–R11', async () => {
    env.clock.set(FRIDAY_NIGHT);
    const rec = await seedMessage(
      env,
      {
        messageId: '<sv1@client.test>',
        from: { address: 'anna@client.test', name: 'Berg, Anna' },
        replyTo: 'whole-team@client.test',
        returnPath: 'anna@client.test',
        subject: 'Fråga om lanseringen',
      },
      triageResult({ language: 'sv', afterHours: true, categories: ['after-hours'] }),
    );
    const first = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id });
    const again = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id }); // R11
    expect(first).toMatchObject({ outcome: 'drafted', status: 'scheduled' });
    expect(again).toMatchObject({ outcome: 'exists' });
    const id = (first as { draftId: string }).draftId;
    const d = (await drafts().get(id))!;
    expect(d).toMatchObject({
      language: 'sv',
      kind: 'after-hours',
      unattended: true,
      sendAt: MONDAY_OPENING,
    });
    expect(d.audit[1]).toMatchObject({ actor: 'tactful', action: 'approved' });
    expect(d.body).toContain('Hej Anna,');
    // Rendered for its send time, the opening: the team is in by then (and it is rendered again when it goes out).
    expect(d.body).toContain('Vi är på plats nu');
    const job = await env.ctx.queues.send.getJob(
      QUEUE_DEFINITIONS.send.jobId({ draftId: id, inboxId: 'studio', attempt: 1 }),
    );
    expect(await job!.getState()).toBe('delayed'); // nothing goes out at night
    expect(env.sink.deliveries).toHaveLength(0);

    await releaseAt(id, MONDAY_OPENING);
    const [delivery] = await env.sink.waitForDeliveries(1);
    await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
    );
    const raw = delivery!.raw;
    expect(delivery!.to).toEqual(['anna@client.test']); // R1: the Return-Path, one recipient
    expect(header(raw, 'to')).toEqual(['anna@client.test']);
    expect(header(raw, 'cc')).toEqual([]);
    expect(header(raw, 'auto-submitted')).toEqual(['auto-replied']); // R2: exactly once
    expect(header(raw, 'in-reply-to')).toEqual(['<sv1@client.test>']); // R3
    expect(header(raw, 'references')).toEqual(['<sv1@client.test>']);
    expect((await simpleParser(raw)).subject).toBe('Auto: Fråga om lanseringen'); // R4 (encoded word)
    expect(header(raw, 'from')).toEqual([`Maja Lind <${env.user.address}>`]); // R5
    expect(header(raw, 'reply-to')).toEqual([]); // R6
    expect(header(raw, 'date')).toHaveLength(1); // R7
    expect(header(raw, 'message-id')[0]).toMatch(/^<tactful-[0-9a-f-]+@agency\.test>$/);
    expect(header(raw, 'content-type')[0]).toMatch(/^text\/plain/); // R8
    expect(delivery!.from).toBe(''); // R9: MAIL FROM:<>
    expect(header(raw, 'x-auto-response-suppress')).toEqual(['All']); // R10
    expect(header(raw, 'x-tactful-loop')).toEqual([env.user.address]);
    expect(env.sink.deliveries).toHaveLength(1);
  });

  it('the same sender again within ackLimitDays gets no second acknowledgement (RFC 3834 §2), any case', async () => {
    env.clock.set('2026-11-24T21:00:00Z');
    const rec = await seedMessage(
      env,
      { messageId: '<sv2@client.test>', returnPath: 'Anna@Client.TEST' },
      triageResult({ language: 'sv', afterHours: true }),
    );
    expect(await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id })).toEqual({
      outcome: 'none',
      reason: 'rate-limited',
    });
    // Triage reports the limit too (it reads the same key); the draft job honours that report as well.
    const rec3 = await seedMessage(
      env,
      { messageId: '<sv3@client.test>', returnPath: 'anna@client.test' },
      triageResult({
        language: 'sv',
        afterHours: true,
        autoReply: { allowed: false, reason: 'rate-limited' },
      }),
    );
    expect(await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec3.id })).toEqual({
      outcome: 'none',
      reason: 'rate-limited',
    });
    const ttl = await env.ctx.redis.ttl(keyspace(env.prefix)('ack', 'studio', 'anna@client.test'));
    expect(ttl).toBeGreaterThan(6 * 86400);
    expect(ttl).toBeLessThanOrEqual(7 * 86400);
  });

  it('a scheduled acknowledgement is cancelled when someone from the agency answers the thread first', async () => {
    env.clock.set(FRIDAY_NIGHT);
    const { draftId } = await draftReply(
      env,
      { messageId: '<answered@client.test>', returnPath: 'bo@client.test' },
      triageResult({ afterHours: true }),
    );
    await appendMessages(
      env.user,
      [
        {
          raw: `From: ${env.user.address}\r\nTo: bo@client.test\r\nSubject: Re: Launch banner\r\nMessage-ID: <by-hand@agency.test>\r\nIn-Reply-To: <answered@client.test>\r\n\r\nOn it tonight.\r\n`,
          flags: ['\\Seen'],
        },
      ],
      { mailbox: 'Sent' },
    );
    const before = env.sink.deliveries.length;
    await releaseAt(draftId, MONDAY_OPENING);
    const d = await waitUntil(
      () => drafts().get(draftId),
      (x) => x?.status === 'cancelled',
    );
    expect(d!.audit.at(-1)!.detail).toMatch(/already answered/);
    expect(env.sink.deliveries.length).toBe(before);
  });

  it('client text cannot inject headers or recipients (checked on the raw message the SMTP server received)', async () => {
    env.clock.set(FRIDAY_NIGHT);
    const rec = await seedMessage(
      env,
      {
        messageId: '<inject@client.test>',
        returnPath: 'eve@client.test',
        from: { address: 'eve@client.test', name: 'Eve\r\nBcc: victim@evil.test' },
        subject: 'Hi\r\nBcc: victim2@evil.test\r\nX-Evil: 1',
      },
      triageResult({ afterHours: true }),
    );
    // seedMessage writes the header raw; the record keeps the CR/LF as a parser could deliver them decoded.
    const r = (await env.ctx.stores.messages.get(rec.id))!;
    expect(r.subject).toContain('\r\n');
    const { draftId } = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id })) as {
      draftId: string;
    };
    const before = env.sink.deliveries.length;
    await releaseAt(draftId, MONDAY_OPENING);
    const all = await env.sink.waitForDeliveries(before + 1);
    const delivery = all[before]!;
    const names = headerList(delivery.raw).map(([n]) => n);
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('x-evil');
    expect(delivery.to).toEqual(['eve@client.test']);
    expect(header(delivery.raw, 'subject')).toHaveLength(1);
  });
});
