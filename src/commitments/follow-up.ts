import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { FollowUpJob } from '../queue/definitions.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import type { ThreadRecord } from '../model/thread-record.ts';
import { draftIdFor } from '../model/ids.ts';
import { inboxCalendar } from '../drafts/send-at.ts';
import { moveDraft } from '../drafts/transitions.ts';
import { addBusinessDays } from './business-time.ts';
import { clientAnsweredSince } from './conversation.ts';
import { composeFollowUp } from './follow-up-draft.ts';

/** A thread gets at most this many follow-ups: after two, a lead calls the client. */
export const MAX_FOLLOW_UPS = 2;

/** When a silent client gets a follow-up: `followUpBusinessDays` working days after the agency asked. */
export const followUpAt = (inbox: InboxConfig, askedAt: string) =>
  addBusinessDays(inboxCalendar(inbox), new Date(askedAt), inbox.commitments.followUpBusinessDays);

/** Plans the follow-up of the agency's last message when it asked something (a no-op when it is planned). */
export async function scheduleFollowUp(ctx: AppContext, inbox: InboxConfig, t: ThreadRecord): Promise<void> {
  const last = t.lastAgency;
  if (!last?.asked || !last.messageId || !t.client || t.followUps.length >= MAX_FOLLOW_UPS) return;
  if (clientAnsweredSince(t, last.at)) return;
  const delay = followUpAt(inbox, last.at).getTime() - ctx.clock.now().getTime();
  await ctx.queues.followUp.enqueue({ inboxId: inbox.id, threadId: t.id, after: last.messageId }, { delay });
}

/**
 * The client answered, or someone from the agency wrote again: the planned follow-up job goes (it would find
 * nothing to do anyway), and follow-up drafts still waiting in the thread are cancelled with the reason.
 */
export async function cancelFollowUps(
  ctx: AppContext,
  t: ThreadRecord,
  reason: string,
  keep?: string,
): Promise<void> {
  if (t.lastAgency?.messageId) {
    const job = await ctx.queues.followUp.getJob(
      QUEUE_DEFINITIONS.followUp.jobId({ inboxId: t.inbox, threadId: t.id, after: t.lastAgency.messageId }),
    );
    if (job && (await job.getState()) === 'delayed') await job.remove().catch(() => undefined);
  }
  for (const f of t.followUps) {
    if (f.draftId === keep) continue;
    await moveDraft(ctx.stores.drafts, f.draftId, 'cancel', { actor: 'tactful', detail: reason });
  }
}

export type FollowUpOutcome =
  { kind: 'drafted'; draftId: string } | { kind: 'none'; reason: string } | { kind: 'wait'; until: Date };

/**
 * A follow-up job's moment has come: drafts the follow-up for a lead if the agency's message still is the last
 * word in the thread, it asked something, the client has not answered, and the thread has had fewer than two.
 * The follow-up's number is claimed in the thread record (compare-and-set) before the draft is made, and the
 * draft id comes from it: a retried job makes the same draft, never a second one.
 */
export async function runFollowUp(ctx: AppContext, job: FollowUpJob): Promise<FollowUpOutcome> {
  const inbox = ctx.config.inboxes.find((i) => i.id === job.inboxId);
  if (!inbox) return { kind: 'none', reason: `inbox "${job.inboxId}" is not configured` };
  const t = await ctx.stores.threads.get(inbox.id, job.threadId);
  if (!t) return { kind: 'none', reason: 'no such thread' };
  const mine = t.followUps.find((f) => f.after === job.after);
  const why = mine ? null : whyNot(t, job.after);
  if (why) return { kind: 'none', reason: why };
  const due = followUpAt(inbox, t.lastAgency!.at);
  if (!mine && ctx.clock.now().getTime() < due.getTime() - 1000) return { kind: 'wait', until: due };

  const n = mine?.n ?? t.followUps.length + 1;
  const draftId = draftIdFor({ recordId: null, invoiceId: null, step: null, followUp: { thread: t.id, n } });
  const { after } = await ctx.stores.threads.update(inbox.id, t.id, (cur) => {
    if (!cur || cur.followUps.some((f) => f.after === job.after) || whyNot(cur, job.after)) return null;
    return { ...cur, followUps: [...cur.followUps, { n, after: job.after, draftId }], updatedAt: now(ctx) };
  });
  const claimed = after?.followUps.find((f) => f.after === job.after);
  if (!after || !claimed)
    return { kind: 'none', reason: (after && whyNot(after, job.after)) ?? 'no such thread' };
  const draft = composeFollowUp({
    config: ctx.config,
    inbox,
    thread: { ...after, client: after.client!, lastAgency: after.lastAgency! },
    n: claimed.n,
  });
  const { draft: made } = await ctx.stores.drafts.createIfAbsent(draft);
  return { kind: 'drafted', draftId: made.id };
}

/** Why no follow-up is due for the agency message `after`, or null when one is. */
function whyNot(t: ThreadRecord, after: string): string | null {
  const last = t.lastAgency;
  if (!last || last.messageId !== after) return 'the agency wrote again since';
  if (!last.asked) return 'the agency asked nothing';
  if (!t.client) return 'nobody to follow up';
  if (clientAnsweredSince(t, last.at)) return 'the client answered';
  if (t.followUps.length >= MAX_FOLLOW_UPS) return `${MAX_FOLLOW_UPS} follow-ups already`;
  return null;
}

const now = (ctx: AppContext) => ctx.clock.now().toISOString();
