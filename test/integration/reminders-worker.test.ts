import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { ManualClock } from '../../src/clock.ts';
import { redisFactory, type RedisFactory } from '../../src/queue/connection.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { changeInvoiceStatus } from '../../src/reminders/actions.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { startReminderWorker } from '../../src/workers/reminder.worker.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { invoiceBody } from '../harness/records.ts';
import { reminderContext } from './reminders-support.ts';
import { waitUntil } from '../harness/wait.ts';

const prefix = uniquePrefix('rem-worker');
afterAll(() => wipePrefix(prefix));

let ctx: AppContext;
let clock: ManualClock;
let close: () => Promise<void>;
let rf: RedisFactory;
beforeEach(async () => {
  ({ ctx, clock, close } = await reminderContext(prefix));
  rf = redisFactory(ctx.config.redis.url);
});
afterEach(async () => {
  await close();
  await rf.closeAll();
});

const counts = () => ctx.queues.reminder.getJobCounts('completed', 'delayed', 'failed', 'active', 'waiting');

describe('reminder worker on BullMQ', () => {
  it('after a 30-day outage the four overdue wake-ups run at once and make exactly one reminder: step 1', async () => {
    // The service was down: it comes back 30 days after the last step's date with every job overdue. The
    // client has never heard from us, so the one reminder is the gentle step 1 (not "work is paused").
    // (A year ahead of the real clock: BullMQ times its delays on the real one.)
    const due = { issuedAt: '2030-05-01', dueDate: '2030-06-03' };
    clock.set('2030-07-31T08:00:00Z');
    const inv = await createInvoice(ctx, 'studio', invoiceBody('W-1', due), 'test');
    const worker = await startReminderWorker(ctx);
    try {
      // Step 1 completes with its draft; steps 2–4 go back to sleep under their own ids until they could follow.
      await waitUntil(counts, (c) => c.completed === 1 && c.delayed === 3);
    } finally {
      await worker.close();
    }
    const list = (await ctx.stores.drafts.list({ inboxes: ['studio'] })).filter(
      (d) => d.invoiceId === inv.id,
    );
    expect(list.map((d) => d.step)).toEqual([1]);
    expect((await counts()).failed).toBe(0);
    const rec = await ctx.stores.invoices.require(inv.id);
    expect(rec.reminders.map((r) => r.step)).toEqual([1]);
    // Each slept once, until 7 days after a step 1 that has not even gone out yet (or later).
    for (const step of [2, 3, 4]) {
      const job = (await ctx.queues.reminder.getJob(`reminder_${inv.id}_${step}`))!;
      expect(job.attemptsStarted).toBe(1);
      expect(await job.getState()).toBe('delayed');
    }
  });

  it('a step paused until a date goes back to sleep under its own job id instead of completing', async () => {
    clock.set('2026-06-04T07:00:00Z'); // step 1 day
    const inv = await createInvoice(ctx, 'studio', invoiceBody('W-2'), 'test');
    await changeInvoiceStatus(ctx, inv.id, 'pause', 'test', { until: '2026-06-05' });
    const worker = await startReminderWorker(ctx);
    try {
      const job = await waitUntil(
        async () => {
          const j = await ctx.queues.reminder.getJob(`reminder_${inv.id}_1`);
          return j ? { state: await j.getState(), attempts: j.attemptsStarted } : null;
        },
        (j) => j?.state === 'delayed' && j.attempts >= 1,
      );
      expect(job!.state).toBe('delayed');
    } finally {
      await worker.close();
    }
    expect(await ctx.stores.drafts.get(`r_${inv.id}_1`)).toBeNull();
  });

  it("an approved reminder is scheduled in the client's office hours, not the agency's", async () => {
    const inv = await createInvoice(
      ctx,
      'studio',
      invoiceBody('W-3', { client: { email: 'ap@ny.test', name: 'NY Inc', timezone: 'America/New_York' } }),
      'test',
    );
    clock.set('2026-06-04T13:00:00Z'); // step 1 opens 09:00 New York = 13:00Z
    await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    clock.set('2026-06-04T22:30:00Z'); // the lead approves at 00:30 Stockholm, 18:30 New York (closed)
    const { draft: d } = await approveAs(ctx, `r_${inv.id}_1`, 'maja@agency.test');
    expect(d.sendAt).toBe('2026-06-05T13:00:00.000Z'); // Fri 09:00 in New York
  });
});
