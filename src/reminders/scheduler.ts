import type { AppContext } from '../context.ts';
import { reminderJobId, type ReminderJob } from '../queue/jobs.ts';
import { InvoiceStore } from '../store/invoices.ts';
import type { InvoiceRecord } from '../store/invoice-record.ts';
import { invoicePlan, inboxOf } from './plan.ts';

/** Reminder jobs retry quickly on a Redis or template hiccup; the decision itself is idempotent. */
const JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 2000 } } as const;

/**
 * Puts one delayed job per not-yet-claimed step on the reminder queue. The job id is deterministic
 * (reminderJobId), so planning twice — or from two processes at once — adds nothing: BullMQ keeps the first.
 * The claim key in the invoice store stays the source of truth; a job is only a wake-up call.
 * Returns the steps it asked for (BullMQ ignores those already queued).
 */
export async function planReminders(ctx: AppContext, inv: InvoiceRecord): Promise<number[]> {
  if (inv.status !== 'open' && inv.status !== 'paused') return [];
  const plan = invoicePlan(inboxOf(ctx, inv.inbox), inv);
  const highest = await new InvoiceStore(ctx.redis, ctx.keys).highestClaimedStep(inv.id);
  const now = ctx.clock.now().getTime();
  const asked: number[] = [];
  for (const p of plan) {
    if (p.step <= highest) continue;
    const data: ReminderJob = { invoiceId: inv.id, step: p.step };
    const jobId = reminderJobId(data);
    await ctx.queues.reminder.add('reminder', data, {
      ...JOB_OPTIONS,
      jobId,
      delay: Math.max(0, p.sendAt.toMillis() - now),
    });
    asked.push(p.step);
  }
  return asked;
}

/**
 * Plans again after a resume or a change of dates: finished wake-up jobs are removed so their ids can be
 * reused (a completed job with the same id would swallow the new one), waiting ones are re-timed.
 */
export async function replanReminders(ctx: AppContext, inv: InvoiceRecord): Promise<void> {
  for (const step of [1, 2, 3, 4]) {
    const id = reminderJobId({ invoiceId: inv.id, step });
    const job = await ctx.queues.reminder.getJob(id);
    if (!job) continue;
    const state = await job.getState();
    if (state !== 'active') await job.remove().catch(() => undefined);
  }
  await planReminders(ctx, inv);
}
