import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { draftReply, sendEnv, seedMessage, header, headerList, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { approveDraft, rejectDraft } from '../../src/drafts/service.ts';
import { startSendWorker } from '../../src/workers/send.worker.ts';
import { processSendJob } from '../../src/drafts/send-job.ts';
import { leadPrincipal } from '../harness/principals.ts';
import { withMailbox } from '../harness/mailbox.ts';

const lead = leadPrincipal();

let env: SendEnv;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await sendEnv('send-basic', { autoSend: { 'after-hours': false, angry: false } });
  worker = await startSendWorker(env.ctx);
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;

/** What approval does, minus the enqueue of the send job (as after a crash between the two). */
const approveWithoutEnqueue = (draftId: string) =>
  drafts().transition(draftId, {
    from: ['pending'],
    to: 'scheduled',
    actor: 'maja@agency.test',
    action: 'approved',
    patch: { sendAt: env.clock.now().toISOString() },
  });

describe('sending an approved reply', () => {
  it('exactly one message reaches SMTP, threaded, a copy lands in Sent, the original gets \\Answered', async () => {
    const rec = await seedMessage(
      env,
      {
        messageId: '<m2@client.test>',
        subject: 'AW: Re: Launch banner',
        replyTo: 'projects@client.test',
        returnPath: 'bounce-7@mailer.client.test',
        references: ['<m0@agency.test>', '<m1@client.test>'],
        inReplyTo: '<m1@client.test>',
      },
      triageResult({ angry: true, angerScore: 0.8 }),
    );
    const made = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id });
    expect(made).toMatchObject({ outcome: 'drafted', status: 'pending' });
    const id = (made as { draftId: string }).draftId;

    const approved = await approveDraft(env.ctx, lead, id, { body: 'Dear Anna,\n\nWe are on it.\n\nMaja\n' });
    expect(approved.status).toBe('scheduled');
    expect(approved.sendAt).toBe('2026-11-23T09:00:00.000Z'); // the office is open: now

    const [delivery] = await env.sink.waitForDeliveries(1);
    const sent = await waitUntil(
      () => drafts().get(id),
      (d) => d?.status === 'sent',
    );
    const raw = delivery!.raw;
    // A human reply: Reply-To, no Auto-Submitted (RFC 3834 §5: never on manual messages).
    expect(delivery!.to).toEqual(['projects@client.test']);
    expect(delivery!.from).toBe(env.user.address);
    expect(header(raw, 'to')).toEqual(['projects@client.test']);
    expect(header(raw, 'auto-submitted')).toEqual([]);
    expect(header(raw, 'subject')).toEqual(['Re: About your launch']); // angry mail: our words, one Re:
    expect(header(raw, 'in-reply-to')).toEqual(['<m2@client.test>']);
    expect(header(raw, 'references')).toEqual(['<m0@agency.test> <m1@client.test> <m2@client.test>']);
    expect(header(raw, 'message-id')).toEqual([sent!.outgoingMessageId]);
    expect(raw.toString()).toContain('We are on it.');

    await withMailbox(env.user, async (c) => {
      await c.mailboxOpen('Sent');
      const copies = await c.search({ header: { 'message-id': sent!.outgoingMessageId } }, { uid: true });
      expect(copies).toHaveLength(1);
      const [copy] = await c.fetchAll(
        (copies as number[]).join(','),
        { flags: true, source: true },
        { uid: true },
      );
      expect([...copy!.flags!]).toContain('\\Seen');
      expect(copy!.source!.toString()).toBe(raw.toString()); // the very bytes that went out
      await c.mailboxOpen('INBOX');
      const [orig] = await c.fetchAll(String(rec.uid), { flags: true }, { uid: true });
      expect([...orig!.flags!]).toContain('\\Answered');
    });
    expect(sent!.audit.map((a) => a.action)).toEqual(['created', 'approved', 'sending', 'sent']);
    expect(sent!.audit[1]).toMatchObject({
      actor: 'maja@agency.test',
      detail: expect.stringContaining('edited body'),
    });
    expect(env.sink.deliveries).toHaveLength(1);
  });

  it('a rejected draft is never sent, and cannot be approved afterwards', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<rej@client.test>' },
      triageResult({ angry: true }),
    );
    await rejectDraft(env.ctx, lead, draftId, 'I will call her');
    await expect(approveDraft(env.ctx, lead, draftId)).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
    const d = await drafts().get(draftId);
    expect(d!.status).toBe('rejected');
    expect(d!.audit.at(-1)).toMatchObject({
      actor: 'maja@agency.test',
      action: 'rejected',
      detail: 'I will call her',
    });
  });

  it('a lead’s edited subject and body cannot add headers, recipients or end the SMTP data early', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<edit@client.test>', replyTo: 'ok@client.test' },
      triageResult({ angry: true }),
    );
    const before = env.sink.deliveries.length;
    await approveDraft(env.ctx, lead, draftId, {
      subject: 'Re: Launch\r\nBcc: victim@evil.test\nX-Evil: 1',
      body: 'Line one\r\n.\r\nMAIL FROM:<evil@evil.test>\r\nRCPT TO:<victim@evil.test>\r\n\r\nLast line\n',
    });
    const all = await env.sink.waitForDeliveries(before + 1);
    await waitUntil(
      () => drafts().get(draftId),
      (d) => d?.status === 'sent',
    );
    const d = all[before]!;
    const names = headerList(d.raw).map(([n]) => n);
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('x-evil');
    expect(d.to).toEqual(['ok@client.test']);
    expect(header(d.raw, 'subject')).toEqual(['Re: Launch Bcc: victim@evil.test X-Evil: 1']);
    const parsed = await simpleParser(d.raw);
    expect(parsed.text).toContain('MAIL FROM:<evil@evil.test>'); // still body text, delivered whole
    expect(parsed.text).toContain('Last line');
    expect(env.sink.deliveries.length).toBe(before + 1);
  });

  it('a scheduled draft whose send job was lost (crash between approval and enqueue) goes out when a worker starts', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<lost-job@client.test>' },
      triageResult({ angry: true }),
    );
    await approveWithoutEnqueue(draftId);
    const before = env.sink.deliveries.length;
    const second = await startSendWorker(env.ctx);
    try {
      await waitUntil(
        () => drafts().get(draftId),
        (d) => d?.status === 'sent',
      );
      expect(env.sink.deliveries.length - before).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('two runs of one send job at once (a stalled lock) reach SMTP once', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<twice@client.test>' },
      triageResult({ angry: true }),
    );
    await approveWithoutEnqueue(draftId);
    const before = env.sink.deliveries.length;
    const run = () =>
      processSendJob(
        { ctx: env.ctx, transport: (i) => env.ctx.smtp.transport(i) },
        { draftId: draftId, inboxId: 'studio', attempt: 1 },
        { made: 0, max: 5 },
      );
    const results = await Promise.allSettled([run(), run(), run()]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'sent')).toHaveLength(1);
    expect(env.sink.deliveries.length - before).toBe(1);
    expect((await drafts().get(draftId))!.status).toBe('sent');
  });
});
