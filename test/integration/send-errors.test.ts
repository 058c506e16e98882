import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftReply, sendEnv, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { approveDraft, retryDraft } from '../../src/drafts/service.ts';
import { sendWorker } from '../../src/workers/send.worker.ts';
import { API_ADMIN } from '../harness/principals.ts';
import { searchMailbox } from '../harness/mailbox.ts';

const lead = API_ADMIN;

let env: SendEnv;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await sendEnv('send-errors', { autoSend: { 'after-hours': false, angry: false } });
  worker = await sendWorker({ smtpSocketTimeoutMs: 1500 })(env.ctx);
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;

async function approvedDraft(messageId: string): Promise<string> {
  const { draftId } = await draftReply(env, { messageId }, triageResult({ angry: true }));
  await approveDraft(env.ctx, lead, draftId);
  return draftId;
}

async function sentCopies(msgId: string): Promise<number> {
  return (await searchMailbox(env.user, 'Sent', { header: { 'message-id': msgId } })).length;
}

describe('SMTP errors', () => {
  it('421 twice, then success → exactly one delivery, one Sent copy, status sent', async () => {
    const before = env.sink.deliveries.length;
    env.sink.failNext(421, 2);
    const id = await approvedDraft('<e421@client.test>');
    const d = await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
      20_000,
    );
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(await sentCopies(d!.outgoingMessageId)).toBe(1); // the refused attempts' copies were removed
    const actions = d!.audit.map((a) => a.action);
    expect(actions.filter((a) => a === 'retry')).toHaveLength(2);
    expect(d!.audit.find((a) => a.action === 'retry')!.detail).toMatch(/^SMTP 421: .*try later/);
    expect(d!.error).toBeNull();
    const metric = (await env.ctx.metrics.sends.get()).values;
    const count = (outcome: string) =>
      metric
        .filter((v) => v.labels.outcome === outcome && v.labels.inbox === 'studio')
        .reduce((a, v) => a + v.value, 0);
    expect(count('retry')).toBeGreaterThanOrEqual(2);
    expect(count('sent')).toBeGreaterThanOrEqual(1);
  });

  it('550 → the draft fails with the server’s message, nothing in Sent; a retry after the fix sends it once', async () => {
    const before = env.sink.deliveries.length;
    env.sink.failNext(550, 1, 'No such user here');
    const id = await approvedDraft('<e550@client.test>');
    const failed = await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'failed',
    );
    expect(failed!.error).toMatch(/^SMTP 550: .*No such user here/);
    expect(env.sink.deliveries.length).toBe(before);
    expect(await sentCopies(failed!.outgoingMessageId)).toBe(0);

    const r = await retryDraft(env.ctx, lead, id);
    expect(r.status).toBe('scheduled');
    const sent = await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
    );
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(sent!.outgoingMessageId).toBe(failed!.outgoingMessageId); // same message, same Message-ID
  });

  it('a server that takes the data and never answers: timed out, retried, accepted once', async () => {
    const before = env.sink.deliveries.length;
    env.sink.hangNext(1);
    const id = await approvedDraft('<hang@client.test>');
    const d = await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
      20_000,
    );
    expect(env.sink.hung).toHaveLength(1); // never acknowledged: not a delivery in SMTP terms
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(d!.audit.find((a) => a.action === 'retry')!.detail).toMatch(/timeout/i);
    expect(await sentCopies(d!.outgoingMessageId)).toBe(1);
  });
});
