import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentIdFor } from '../../src/model/commitment-record.ts';
import { runAlert } from '../../src/commitments/alert-job.ts';
import { takeThread } from '../../src/commitments/service.ts';
import { resumeAlerts } from '../../src/commitments/alerts.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { clientWrites, commitmentsEnv, noticesTo, type CommitmentsEnv } from './commitments-support.ts';

/**
 * How one alert reaches its channels (src/commitments/alert-job.ts): a channel that failed cleanly is tried
 * again and the others are not sent twice; the owner of a thread alone hears of it; an alert the service slept
 * through is shown, not mailed; an alert for a reply-by time that changed does nothing.
 */

const MON_10 = '2026-11-23T09:00:00.000Z'; // Monday 23 November 2026, 10:00 in Stockholm: due Tuesday 10:00
const MON_16 = '2026-11-23T15:00:00.000Z'; // "due soon"

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-delivery', { now: MON_10, webhook: true });
});
afterAll(() => env.close());

async function question(tag: string) {
  env.clock.set(MON_10);
  const rec = await clientWrites(env, {
    messageId: `<${tag}@client.test>`,
    at: MON_10,
    subject: `Matter ${tag}`,
  });
  return (await env.ctx.stores.commitments.get(commitmentIdFor(rec.id)))!;
}

describe('alert delivery', () => {
  it('a webhook that answers 500 is tried again; the emails already sent are not', async () => {
    const c = await question('w1');
    env.clock.set(MON_16);
    env.webhook!.failNext(1);
    const job = { commitmentId: c.id, kind: 'due-soon' as const, dueAt: c.dueAt };
    await expect(runAlert(env.ctx, job)).rejects.toThrow('webhook: HTTP 500');
    expect(noticesTo(env.sink, 'lea@agency.test')).toEqual([
      'Due soon: answer Anna Berg by Tue 24 Nov, 10:00',
    ]);
    expect((await env.ctx.stores.commitments.get(c.id))!.alerts[0]!.delivery.webhook).toBe(
      'failed: HTTP 500',
    );

    const retry = await runAlert(env.ctx, job);
    expect(retry).toMatchObject({
      kind: 'alerted',
      channels: { 'email:lea@agency.test': 'already sent (or being sent)' },
    });
    expect(env.webhook!.posts).toHaveLength(1);
    expect(noticesTo(env.sink, 'lea@agency.test')).toHaveLength(1);
    expect((await env.ctx.stores.commitments.get(c.id))!.alerts[0]!.delivery.webhook).toMatch(/^sent /);
  });

  it('the lead who took the thread alone is alerted', async () => {
    const c = await question('w2');
    const max = {
      kind: 'user' as const,
      actor: 'max@agency.test',
      name: 'Max Berg',
      role: 'lead' as const,
      inboxes: new Set(['studio']),
    };
    await takeThread(env.ctx, max, c.id);
    env.clock.set(MON_16);
    const out = await runAlert(env.ctx, { commitmentId: c.id, kind: 'due-soon', dueAt: c.dueAt });
    expect(Object.keys((out as { channels: object }).channels).sort()).toEqual([
      'email:max@agency.test',
      'webhook',
    ]);
    expect(noticesTo(env.sink, 'lea@agency.test').filter((s) => s.includes('Matter'))).toEqual([]);
  });

  it('an alert the service slept through is shown, not mailed; one for an old reply-by time does nothing', async () => {
    const c = await question('w3');
    env.clock.set('2026-11-25T09:00:00.000Z'); // Wednesday: the breach was Tuesday 10:00
    const before = env.sink.deliveries.length;
    const out = await runAlert(env.ctx, { commitmentId: c.id, kind: 'breach', dueAt: c.dueAt });
    expect(out).toMatchObject({ kind: 'alerted' });
    expect(env.sink.deliveries).toHaveLength(before);
    const after = (await env.ctx.stores.commitments.get(c.id))!;
    expect(after.status).toBe('breached');
    expect(after.alerts[0]!.delivery['email:lea@agency.test']).toMatch(/^not sent: 24 hours late/);
    expect(
      await runAlert(env.ctx, { commitmentId: c.id, kind: 'breach', dueAt: '2026-11-30T09:00:00.000Z' }),
    ).toEqual({
      kind: 'none',
      reason: 'the reply-by time changed',
    });
    // The "due soon" that comes after the breach says nothing: the breach has spoken.
    expect(await runAlert(env.ctx, { commitmentId: c.id, kind: 'due-soon', dueAt: c.dueAt })).toEqual({
      kind: 'none',
      reason: 'the reply-by time has passed: the breach alert speaks',
    });
  });

  it('a worker that starts puts lost alerts of open commitments back on the queue', async () => {
    const c = await question('w4');
    const id = QUEUE_DEFINITIONS.alert.jobId({ commitmentId: c.id, kind: 'breach', dueAt: c.dueAt });
    await (await env.ctx.queues.alert.getJob(id))!.remove();
    expect(await resumeAlerts(env.ctx)).toBeGreaterThan(0);
    expect(await env.ctx.queues.alert.getJob(id)).toBeTruthy();
  });
});
