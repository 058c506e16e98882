import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { spawn, type ChildProcess } from 'node:child_process';
import { DateTime } from 'luxon';
import { commitmentIdFor, type CommitmentRecord } from '../../src/model/commitment-record.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { processSendJob } from '../../src/drafts/send-job.ts';
import { waitFor, waitUntil } from '../harness/wait.ts';
import { clientWrites, commitmentsEnv, noticesTo, type CommitmentsEnv } from './commitments-support.ts';

/**
 * Issue 13's proof of the alerts: a promise made on Friday 27 March 2026 at 23:00 in Stockholm, across the
 * switch to summer time (Sunday 29 March) and Easter (Good Friday 3 April and Easter Monday 6 April are Swedish
 * public holidays), to a deadline on Tuesday 7 April 17:00; "due soon" at 15:00 (two business hours before), the
 * breach at 17:00 — each alert exactly once per lead and once to the chat webhook, although the alert worker
 * (a child process) is SIGKILLed after scheduling, and again in the middle of sending, and a second worker runs
 * beside the survivor.
 */

const FRI_23 = '2026-03-27T22:00:00.000Z'; // Fri 27 Mar 23:00 CET
const MON_09 = '2026-03-30T07:00:00.000Z'; // Mon 30 Mar 09:00 CEST: the first opening after the weekend
const DUE_SOON = '2026-04-07T13:00:00.000Z'; // Tue 7 Apr 15:00 CEST
const DEADLINE = '2026-04-07T15:00:00.000Z'; // Tue 7 Apr 17:00 CEST
const LEADS = ['lea@agency.test', 'max@agency.test', 'ada@agency.test'];

let env: CommitmentsEnv;
const children: ChildProcess[] = [];
beforeAll(async () => {
  env = await commitmentsEnv('cm-alerts', {
    now: FRI_23,
    webhook: true,
    // Five working days' promise: Mon–Thu, then Good Friday and Easter Monday closed, then Tuesday.
    inbox: { promiseBusinessHours: 40, autoSend: { 'after-hours': false, angry: false } },
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map(exited));
  await env.close();
});

interface Worker {
  child: ChildProcess;
  setNow(iso: string): Promise<void>;
}

function startWorker(now: string, fault = ''): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/commitments-worker-child.ts'], {
    env: {
      ...process.env,
      TACTFUL_TEST_CONFIG: JSON.stringify(env.config),
      TACTFUL_TEST_NOW: now,
      TACTFUL_FAULT: fault,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const setNow = async (iso: string) => {
    child.stdin!.write(`now ${iso}\n`);
    await waitFor(() => out.includes(`clock ${new Date(iso).toISOString()}`), `the worker's clock at ${iso}`);
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => out.includes('ready') && resolve({ child, setNow }));
    child.once('exit', (code, sig) => reject(new Error(`worker exited early: ${code ?? sig}`)));
  });
}

const exited = (c: ChildProcess) =>
  new Promise<string>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve(String(c.signalCode ?? c.exitCode));
    c.once('exit', (code, sig) => resolve(String(sig ?? code)));
  });

const jobOf = (c: CommitmentRecord, kind: 'due-soon' | 'breach', dueAt = c.dueAt) =>
  env.ctx.queues.alert.getJob(QUEUE_DEFINITIONS.alert.jobId({ commitmentId: c.id, kind, dueAt }));
/** When a delayed job fires on the test's clock (BullMQ counts its delay in real time from when it was added). */
const firesAt = async (c: CommitmentRecord, kind: 'due-soon' | 'breach') => {
  const job = (await jobOf(c, kind))!;
  return env.clock.now().getTime() + job.delay - (Date.now() - job.timestamp);
};
const local = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'Europe/Stockholm' }).toFormat('ccc d LLL HH:mm ZZ');
const count = (to: string, prefix: string) =>
  noticesTo(env.sink, to).filter((s) => s.startsWith(prefix)).length;

describe('a promise made on Friday night, across summer time and Easter', () => {
  let c: CommitmentRecord;

  it('opens with the angry target, then moves to the promise when the acknowledgement is SENT', async () => {
    const rec = await clientWrites(env, {
      messageId: '<easter@client.test>',
      at: FRI_23,
      subject: 'Booking page down',
      text: 'Our booking page is down AGAIN. This is unacceptable.',
      triage: {
        angry: true,
        angerScore: 0.9,
        afterHours: true,
        categories: ['angry', 'after-hours'],
        nextOpening: '2026-03-30T09:00:00+02:00',
      },
    });
    c = (await env.ctx.stores.commitments.get(commitmentIdFor(rec.id)))!;
    // 4 business hours from Friday 23:00: Monday 13:00 (summer time since Sunday).
    expect(local(c.dueAt)).toBe('Mon 30 Mar 13:00 +02:00');
    const targetDue = c.dueAt;

    // The calm acknowledgement, drafted on Friday night, promises an answer 40 business hours after Monday 09:00.
    const drafted = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id })) as {
      draftId: string;
    };
    const draft = (await env.ctx.stores.drafts.get(drafted.draftId))!;
    expect(draft.kind).toBe('angry-after-hours');
    expect(local(draft.promisedBy!)).toBe('Tue 7 Apr 17:00 +02:00');
    const approved = await approveAs(env.ctx, draft.id, 'lea@agency.test');
    expect(approved.draft.sendAt).toBe(MON_09);
    // A promise only counts once it has gone out.
    expect((await env.ctx.stores.commitments.get(c.id))!.dueAt).toBe(targetDue);

    env.clock.set(MON_09);
    const sent = await processSendJob(
      { ctx: env.ctx, transport: (i) => env.ctx.smtp.transport(i) },
      { draftId: draft.id, inboxId: 'studio', attempt: 1 },
      { made: 0, max: 11 },
    );
    expect(sent.outcome).toBe('sent');
    c = (await env.ctx.stores.commitments.get(c.id))!;
    expect(c).toMatchObject({ status: 'open', basis: 'promise', dueAt: DEADLINE, promiseDraftId: draft.id });
    // The target's alerts are gone; the promise's are planned: 15:00 and 17:00 on Tuesday 7 April.
    expect(await jobOf(c, 'breach', targetDue)).toBeUndefined();
    expect(await jobOf(c, 'due-soon', targetDue)).toBeUndefined();
    expect(Math.abs((await firesAt(c, 'due-soon')) - Date.parse(DUE_SOON))).toBeLessThan(60_000);
    expect(Math.abs((await firesAt(c, 'breach')) - Date.parse(DEADLINE))).toBeLessThan(60_000);
  });

  it('a worker SIGKILLed between scheduling and firing loses nothing', { timeout: 60_000 }, async () => {
    const doomed = await startWorker(MON_09);
    doomed.child.kill('SIGKILL');
    expect(await exited(doomed.child)).toBe('SIGKILL');
    expect(await (await jobOf(c, 'due-soon'))!.getState()).toBe('delayed');
  });

  it('due soon at Tuesday 15:00: one email per lead and one chat post, although the worker dies mid-send', async () => {
    env.clock.set(DUE_SOON);
    // The worker that fires the alert dies right after the first email is accepted, before it is marked sent.
    const dying = await startWorker(DUE_SOON, 'after-alert-email');
    await (await jobOf(c, 'due-soon'))!.promote();
    expect(await exited(dying.child)).toBe('SIGKILL');
    expect(env.sink.deliveries.filter((d) => LEADS.some((l) => d.to.includes(l)))).toHaveLength(1);

    // A new worker finds the job stalled and runs it again: the claimed email is not sent a second time.
    const survivor = await startWorker(new Date(Date.parse(DUE_SOON) + 5000).toISOString());
    await waitUntil(
      async () => (await jobOf(c, 'due-soon'))!.getState(),
      (s) => s === 'completed',
      30_000,
    );
    for (const lead of LEADS) expect(count(lead, 'Due soon:')).toBe(1);
    expect(env.webhook!.posts.filter((p) => p.text.startsWith('Due soon'))).toHaveLength(1);
    expect(noticesTo(env.sink, 'anna@client.test').filter((s) => /Due soon|Overdue/.test(s))).toHaveLength(0);

    // The breach at 17:00, with a second worker beside the survivor.
    const second = await startWorker(DEADLINE);
    await survivor.setNow(DEADLINE);
    env.clock.set(DEADLINE);
    await (await jobOf(c, 'breach'))!.promote();
    await waitUntil(
      async () => (await jobOf(c, 'breach'))!.getState(),
      (s) => s === 'completed',
      30_000,
    );
    const after = (await env.ctx.stores.commitments.get(c.id))!;
    expect(after).toMatchObject({ status: 'breached', breachedAt: DEADLINE });
    expect(after.alerts.map((a) => [a.kind, a.dueAt])).toEqual([
      ['due-soon', DEADLINE],
      ['breach', DEADLINE],
    ]);
    for (const lead of LEADS) {
      expect(count(lead, 'Due soon:')).toBe(1);
      expect(count(lead, 'Overdue:')).toBe(1);
    }
    expect(env.webhook!.posts.map((p) => p.text.split(':')[0])).toEqual(['Due soon', 'Overdue']);
    // Alert mail is machine-made mail to the agency's own people.
    const raw = env.sink.deliveries.find((d) => d.to.includes('max@agency.test'))!.raw;
    expect(raw.toString()).toMatch(/^Auto-Submitted: auto-generated$/m);
    const mail = (await simpleParser(raw)).text ?? '';
    expect(mail).toContain('Reply by: Tue 7 Apr, 17:00 (Europe/Stockholm)');

    second.child.kill('SIGTERM');
    survivor.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe('0');
    expect(await exited(survivor.child)).toBe('0');
  }, 120_000);
});
