import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { runFollowUp } from '../../src/commitments/follow-up.ts';
import { scanSentFolder } from '../../src/ingest/sent-scan.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { processSendJob } from '../../src/drafts/send-job.ts';
import { createLogger } from '../../src/log.ts';
import type { Lease } from '../../src/store/leases.ts';
import { openMailbox } from '../harness/mailbox.ts';
import { clientWrites, commitmentsEnv, fileInSent, type CommitmentsEnv } from './commitments-support.ts';

/**
 * Issue 13's proof of follow-ups: the agency asks the client for something (a reply filed in Sent, read by the
 * poller's Sent check) and hears nothing for three business days → a follow-up draft for a lead, in the thread;
 * a client who answers one minute before gets none; a thread gets two at most.
 */

const MON_10 = '2026-11-23T09:00:00.000Z'; // Monday 23 November 2026, 10:00 in Stockholm
const MON_11 = '2026-11-23T10:00:00.000Z';
const THU_11 = '2026-11-26T10:00:00.000Z'; // three business days later
const THU_1059 = '2026-11-26T09:59:00.000Z';

let env: CommitmentsEnv;
let imap: ImapFlow;
let lease: Lease;
const log = createLogger({ level: 'silent' });
beforeAll(async () => {
  env = await commitmentsEnv('cm-follow', { now: MON_10 });
  lease = env.ctx.stores.leases.poller('studio', 60_000);
  await lease.acquire();
  imap = await openMailbox(env.user);
  await imap.mailboxOpen('INBOX', { readOnly: true });
  await scanSent(); // the first look starts the Sent cursor
});
afterAll(async () => {
  await imap.logout().catch(() => imap.close());
  await env.close();
});

/** The poller's Sent check: STATUS on one connection (in the INBOX), reading on another. */
const scanSent = () =>
  scanSentFolder({
    ctx: env.ctx,
    inbox: env.config.inboxes[0]!,
    client: imap,
    connect: () => openMailbox(env.user),
    lease,
    log,
  });
const threadOf = async (messageId: string) => {
  const ids = await env.ctx.stores.threads.lookup('studio', [messageId]);
  return (await env.ctx.stores.threads.get('studio', ids!))!;
};
const followUpJob = (threadId: string, after: string) =>
  env.ctx.queues.followUp.getJob(QUEUE_DEFINITIONS.followUp.jobId({ inboxId: 'studio', threadId, after }));
const firesAt = async (threadId: string, after: string) => {
  const job = (await followUpJob(threadId, after))!;
  return new Date(env.clock.now().getTime() + job.delay - (Date.now() - job.timestamp));
};
const send = async (draftId: string) => {
  await approveAs(env.ctx, draftId, 'lea@agency.test', { sendNow: true });
  return processSendJob(
    { ctx: env.ctx, transport: (i) => env.ctx.smtp.transport(i) },
    { draftId, inboxId: 'studio', attempt: 1 },
    { made: 0, max: 11 },
  );
};

/** A client asks, and the agency answers with a question of its own from a mail client at Monday 11:00. */
async function agencyAsks(tag: string, from = { address: 'anna@client.test', name: 'Anna Berg' }) {
  env.clock.set(MON_10);
  await clientWrites(env, { messageId: `<${tag}@client.test>`, at: MON_10, from, subject: 'New banner' });
  env.clock.set(MON_11);
  await fileInSent(env, {
    messageId: `<ask-${tag}@agency.test>`,
    inReplyTo: `<${tag}@client.test>`,
    at: MON_11,
    to: from.address,
    subject: 'Re: New banner',
    text: 'Happy to. Could you send us the logo files as SVG? Then we can start.',
  });
  expect(await scanSent()).toBe(1);
  return threadOf(`<${tag}@client.test>`);
}

describe('follow-ups for quiet clients', () => {
  it('three business days of silence after our question: a follow-up draft for a lead, in the thread', async () => {
    const t = await agencyAsks('fa');
    expect(t.lastAgency).toMatchObject({
      messageId: '<ask-fa@agency.test>',
      asked: true,
      via: 'sent-folder',
    });
    expect(
      Math.abs((await firesAt(t.id, '<ask-fa@agency.test>')).getTime() - Date.parse(THU_11)),
    ).toBeLessThan(60_000);

    env.clock.set(THU_11);
    const out = await runFollowUp(env.ctx, {
      inboxId: 'studio',
      threadId: t.id,
      after: '<ask-fa@agency.test>',
    });
    expect(out.kind).toBe('drafted');
    const d = (await env.ctx.stores.drafts.get((out as { draftId: string }).draftId))!;
    expect(d).toMatchObject({
      kind: 'follow-up',
      status: 'pending',
      unattended: false,
      to: 'anna@client.test',
      language: 'en',
      subject: 'Re: New banner',
      inReplyTo: '<ask-fa@agency.test>',
      followUp: { thread: t.id, n: 1 },
    });
    expect(d.references).toEqual(['<fa@client.test>', '<ask-fa@agency.test>']);
    expect(d.body).toContain('Dear Anna,');
    expect(d.body).toContain('our message of Monday 23 November');
    expect(d.body).toContain("we can't move forward without it");
    // The same job again (a retry) makes no second draft.
    expect(
      await runFollowUp(env.ctx, { inboxId: 'studio', threadId: t.id, after: '<ask-fa@agency.test>' }),
    ).toEqual(out);
  });

  it('a client who answers one minute before gets none', async () => {
    const t = await agencyAsks('fb', { address: 'sofia@bageri.test', name: 'Sofia Lindqvist' });
    expect(await followUpJob(t.id, '<ask-fb@agency.test>')).toBeTruthy();
    env.clock.set(THU_1059);
    await clientWrites(env, {
      messageId: '<fb-2@bageri.test>',
      at: THU_1059,
      from: { address: 'sofia@bageri.test', name: 'Sofia Lindqvist' },
      subject: 'Re: New banner',
      inReplyTo: '<ask-fb@agency.test>',
      references: ['<fb@client.test>', '<ask-fb@agency.test>'],
      text: 'Här kommer loggorna!',
    });
    expect(await followUpJob(t.id, '<ask-fb@agency.test>')).toBeUndefined();
    env.clock.set(THU_11);
    expect(
      await runFollowUp(env.ctx, { inboxId: 'studio', threadId: t.id, after: '<ask-fb@agency.test>' }),
    ).toEqual({
      kind: 'none',
      reason: 'the client answered',
    });
    expect((await threadOf('<fb@client.test>')).followUps).toEqual([]);
  });

  it('a thread gets two follow-ups at most', async () => {
    const t = await threadOf('<fa@client.test>');
    const first = t.followUps[0]!;
    env.clock.set(THU_11);
    expect((await send(first.draftId)).outcome).toBe('sent');
    // The follow-up went out and asks again: the second one is planned three business days later (Tue 1 Dec).
    const afterFirst = await threadOf('<fa@client.test>');
    const sentId = (await env.ctx.stores.drafts.get(first.draftId))!.outgoingMessageId;
    expect(afterFirst.lastAgency).toMatchObject({ messageId: sentId, asked: true, via: 'tactful' });
    expect(
      Math.abs((await firesAt(t.id, sentId)).getTime() - Date.parse('2026-12-01T10:00:00Z')),
    ).toBeLessThan(60_000);

    env.clock.set('2026-12-01T10:00:00.000Z');
    const second = await runFollowUp(env.ctx, { inboxId: 'studio', threadId: t.id, after: sentId });
    expect(second.kind).toBe('drafted');
    const d2 = (await env.ctx.stores.drafts.get((second as { draftId: string }).draftId))!;
    expect(d2.followUp).toEqual({ thread: t.id, n: 2 });
    expect(d2.body).toContain('I am writing once more about our message of Thursday 26 November');
    expect((await send(d2.id)).outcome).toBe('sent');
    const last = await threadOf('<fa@client.test>');
    expect(last.followUps.map((f) => f.n)).toEqual([1, 2]);
    expect(await followUpJob(t.id, d2.outgoingMessageId)).toBeUndefined();
  });
});
