import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { draftReply, sendEnv, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { approveDraft } from '../../src/drafts/service.ts';
import { processSendJob } from '../../src/drafts/send-job.ts';
import { API_ADMIN } from '../harness/principals.ts';
import { searchMailbox } from '../harness/mailbox.ts';

/**
 * The other side of send-crash.test.ts: Sent copies that prove nothing. A worker that dies after writing the copy
 * but before SMTP (as an APPEND cut off by a Dovecot restart can leave a stored copy and an error), and an SMTP
 * refusal that Redis cannot record: in both the next run sends the reply, once. Found by the chaos run
 * (`npm run chaos`).
 */
let env: SendEnv;
const children: ChildProcess[] = [];
beforeAll(async () => {
  env = await sendEnv('send-crash-append', { autoSend: { 'after-hours': false, angry: false } });
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
      TACTFUL_FAULT: fault ?? '',
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

describe('a worker killed after the Sent copy, before SMTP', () => {
  it('sends the reply on the next run, exactly once, with exactly one copy in Sent', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<append-crash@client.test>' },
      triageResult({ angry: true }),
    );
    const drafts = env.ctx.stores.drafts;

    const doomed = await startWorker('after-append');
    await approveDraft(env.ctx, API_ADMIN, draftId);
    expect(await exited(doomed)).toBe('SIGKILL');
    expect(env.sink.deliveries).toHaveLength(0);
    const outgoing = (await drafts.get(draftId))!.outgoingMessageId;
    expect(await searchMailbox(env.user, 'Sent', { header: { 'message-id': outgoing } })).toHaveLength(1);

    const survivor = await startWorker();
    const d = await waitUntil(
      () => drafts.get(draftId),
      (x) => x?.status === 'sent',
      25_000,
    );
    expect(env.sink.deliveries).toHaveLength(1);
    expect(d!.audit.map((a) => a.action)).not.toContain('sent-recovered');
    expect(await searchMailbox(env.user, 'Sent', { header: { 'message-id': outgoing } })).toHaveLength(1);
    survivor.kill('SIGTERM');
    expect(await exited(survivor)).toBe('0');
  });
});

describe('an SMTP refusal while Redis does not answer', () => {
  it('removes the Sent copy anyway, so the retry sends the reply instead of taking the copy for a delivery', async () => {
    const { draftId } = await draftReply(
      env,
      { messageId: '<refused-no-redis@client.test>' },
      triageResult({ angry: true }),
    );
    await approveDraft(env.ctx, API_ADMIN, draftId);
    const before = env.sink.deliveries.length;
    const guard = env.ctx.stores.sendGuard;
    const markRefused = guard.markRefused.bind(guard);
    guard.markRefused = () => Promise.reject(new Error('Connection is closed.'));
    env.sink.failNext(421, 1);
    const run = () =>
      processSendJob(
        { ctx: env.ctx, transport: (i) => env.ctx.smtp.transport(i) },
        { draftId, inboxId: 'studio', attempt: 1 },
        { made: 0, max: 5 },
      );
    try {
      await expect(run()).rejects.toThrow(/SMTP refused \(421\) and Redis did not answer/);
    } finally {
      guard.markRefused = markRefused;
    }
    const outgoing = (await env.ctx.stores.drafts.get(draftId))!.outgoingMessageId;
    expect(await searchMailbox(env.user, 'Sent', { header: { 'message-id': outgoing } })).toHaveLength(0);

    expect(await run()).toMatchObject({ outcome: 'sent' });
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(await searchMailbox(env.user, 'Sent', { header: { 'message-id': outgoing } })).toHaveLength(1);
  });
});
