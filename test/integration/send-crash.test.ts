import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { draftReply, sendEnv, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { approveDraft } from '../../src/drafts/service.ts';
import { API_ADMIN } from '../harness/principals.ts';
import { searchMailbox } from '../harness/mailbox.ts';

const lead = API_ADMIN;

let env: SendEnv;
const children: ChildProcess[] = [];
beforeAll(async () => {
  env = await sendEnv('send-crash', { autoSend: { 'after-hours': false, angry: false } });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? exited(c) : null)));
  await env.close();
});

function startWorker(fault?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/send-worker-child.ts'], {
    env: {
      ...process.env,
      TACTFUL_TEST_CONFIG: JSON.stringify(env.config),
      TACTFUL_TEST_NOW: env.clock.now().toISOString(),
      ...(fault ? { TACTFUL_FAULT: fault } : { TACTFUL_FAULT: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve(child));
    child.once('exit', (code, sig) => reject(new Error(`worker exited early: ${code ?? sig}`)));
  });
}

const exited = (c: ChildProcess) =>
  new Promise<string>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve(String(c.signalCode ?? c.exitCode));
    c.once('exit', (code, sig) => resolve(String(sig ?? code)));
  });

describe('a worker killed between SMTP acceptance and bookkeeping', () => {
  it('sends exactly once: the restarted worker finds the Sent copy and marks the draft sent', async () => {
    const { record: rec, draftId } = await draftReply(
      env,
      { messageId: '<crash@client.test>' },
      triageResult({ angry: true }),
    );
    const drafts = env.ctx.stores.drafts;

    const doomed = await startWorker('after-smtp-accept');
    await approveDraft(env.ctx, lead, draftId);
    expect(await exited(doomed)).toBe('SIGKILL');
    expect(env.sink.deliveries).toHaveLength(1);
    expect((await drafts.get(draftId))!.status).toBe('sending'); // bookkeeping never happened

    const survivor = await startWorker();
    const d = await waitUntil(
      () => drafts.get(draftId),
      (x) => x?.status === 'sent',
      25_000,
    );
    expect(env.sink.deliveries).toHaveLength(1);
    expect(d!.audit.map((a) => a.action)).toContain('sent-recovered');

    const answered = await searchMailbox(env.user, 'INBOX', { answered: true });
    expect(answered).toContain(rec.uid);
    survivor.kill('SIGTERM');
    expect(await exited(survivor)).toBe('0');
  });
});

describe('a worker killed inside the SMTP transaction', () => {
  it('is neither counted as sent nor sent again: the draft goes back to a lead as uncertain, and a retry sends it once', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<crash-mid@client.test>' },
      triageResult({ angry: true }),
    );
    const drafts = env.ctx.stores.drafts;
    const before = env.sink.deliveries.length;

    // The server reads DATA and never answers: the worker sits inside the transaction when it is killed.
    env.sink.hangNext(1);
    const doomed = await startWorker();
    await approveDraft(env.ctx, lead, draftId);
    await waitUntil(
      async () => env.sink.hung.length,
      (n) => n >= 1,
      20_000,
    );
    doomed.kill('SIGKILL');
    expect(await exited(doomed)).toBe('SIGKILL');

    const survivor = await startWorker();
    const d = await waitUntil(
      () => drafts.get(draftId),
      (x) => x?.status === 'failed',
      25_000,
    );
    expect(d!.audit.at(-1)).toMatchObject({ action: 'uncertain' });
    expect(d!.error).toMatch(/may or may not have received/);
    expect(env.sink.deliveries.length).toBe(before); // not sent again behind anyone's back

    // A lead who checked decides to send it: it goes out once (the uncertain copy is no proof of delivery).
    const { retryDraft } = await import('../../src/drafts/service.ts');
    await retryDraft(env.ctx, lead, draftId);
    await waitUntil(
      () => drafts.get(draftId),
      (x) => x?.status === 'sent',
      25_000,
    );
    expect(env.sink.deliveries.length).toBe(before + 1);
    survivor.kill('SIGTERM');
    expect(await exited(survivor)).toBe('0');
  });
});
