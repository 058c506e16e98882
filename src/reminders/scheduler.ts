import type { AppContext } from '../context.ts';
import { QUEUE_DEFINITIONS, type ReminderJob } from '../queue/definitions.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { invoicePlan, inboxOf } from './plan.ts';
import { nextUnsent, readProgress } from './progress.ts';

/**
 * Puts one delayed wake-up job on the reminder queue for every step from the next unsent one on, each at its
 * planned instant (a lower bound: a step that must wait for the one before it goes back to sleep, see
 * decide.ts). The job id is deterministic (reminderJobId), so planning twice — or from two processes at once —
 * adds nothing: BullMQ keeps the first. The invoice's step entries and claim keys stay the source of truth; a
 * job is only a wake-up call. Returns the steps it asked for (BullMQ ignores those already queued).
 */
export async function planReminders(ctx: AppContext, inv: InvoiceRecord): Promise<number[]> {
  if (inv.status !== 'open' && inv.status !== 'paused') return [];
  const plan = invoicePlan(inboxOf(ctx, inv.inbox), inv);
  const next = nextUnsent(await readProgress(ctx, inv));
  if (!next) return [];
  const now = ctx.clock.now().getTime();
  const asked: number[] = [];
  for (const p of plan) {
    if (p.step < next.step) continue;
    const data: ReminderJob = { invoiceId: inv.id, step: p.step };
    await ctx.queues.reminder.enqueue(data, { delay: Math.max(0, p.sendAt.toMillis() - now) });
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
    const id = QUEUE_DEFINITIONS.reminder.jobId({ invoiceId: inv.id, step });
    const job = await ctx.queues.reminder.getJob(id);
    if (!job) continue;
    const state = await job.getState();
    if (state !== 'active') await job.remove().catch(() => undefined);
  }
  await planReminders(ctx, inv);
}
