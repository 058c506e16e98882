import type { AppContext } from '../context.ts';
import type { AlertKind, CommitmentRecord } from '../model/commitment-record.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { inboxCalendar } from '../drafts/send-at.ts';
import { dueSoonAt } from './deadline.ts';

/** When each alert of a commitment fires, for its current reply-by time. */
export function alertMoments(
  ctx: AppContext,
  c: Pick<CommitmentRecord, 'inbox' | 'openedAt' | 'dueAt'>,
): Array<{ kind: AlertKind; at: Date }> {
  const inbox = ctx.config.inboxes.find((i) => i.id === c.inbox);
  if (!inbox) return [];
  const soon = dueSoonAt(inboxCalendar(inbox), c, inbox.commitments.alertBeforeBusinessHours);
  return [
    ...(soon ? [{ kind: 'due-soon' as const, at: soon }] : []),
    { kind: 'breach', at: new Date(c.dueAt) },
  ];
}

/**
 * Puts the commitment's alerts on the alert queue, delayed until their moment. Ids hold the reply-by time, so
 * scheduling twice adds nothing, and a new time (a promise was sent) gets alerts of its own.
 */
export async function scheduleAlerts(ctx: AppContext, c: CommitmentRecord): Promise<void> {
  const now = ctx.clock.now().getTime();
  for (const m of alertMoments(ctx, c)) {
    await ctx.queues.alert.enqueue(
      { commitmentId: c.id, kind: m.kind, dueAt: c.dueAt },
      { delay: Math.max(0, m.at.getTime() - now) },
    );
  }
}

/**
 * Removes the alerts still waiting for the reply-by time `dueAt` (kept, closed, or a new time). One that is
 * running right now is left alone: it reads the commitment first and does nothing.
 */
export async function cancelAlerts(
  ctx: AppContext,
  c: Pick<CommitmentRecord, 'id'>,
  dueAt: string,
): Promise<void> {
  for (const kind of ['due-soon', 'breach'] as const) {
    const id = QUEUE_DEFINITIONS.alert.jobId({ commitmentId: c.id, kind, dueAt });
    const job = await ctx.queues.alert.getJob(id);
    if (!job) continue;
    const state = await job.getState();
    if (state === 'delayed' || state === 'waiting' || state === 'prioritized')
      await job.remove().catch(() => undefined);
  }
}

/**
 * Puts the alerts of every open commitment back on the queue; run when an alert worker starts. A Redis restored
 * from a backup, or a crash between opening a commitment and scheduling, would otherwise leave a reply-by time
 * nobody watches. Job ids are deterministic and each delivery is claimed, so an alert already sent is not sent again.
 */
export async function resumeAlerts(ctx: AppContext): Promise<number> {
  const open = await ctx.stores.commitments.byDue(
    ctx.config.inboxes.map((i) => i.id),
    ['open'],
  );
  for (const c of open) await scheduleAlerts(ctx, c);
  return open.length;
}
