import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { draftReply, sendEnv, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { approveDraft } from '../../src/drafts/service.ts';
import { API_ADMIN } from '../harness/principals.ts';
import { searchMailbox } from '../harness/mailbox.ts';

/**
 * The other side of send-crash.test.ts: a worker that dies after writing the Sent copy but before SMTP (as an
 * APPEND cut off by a Dovecot restart can leave a stored copy and an error). The copy is no proof of delivery:
 * the next run sends the reply, once. Found by the chaos run (`npm run chaos`).
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
