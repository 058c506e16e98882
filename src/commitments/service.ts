import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import { canSeeInbox, inboxesInScope } from '../access/inbox-access.ts';
import {
  commitmentIdFor,
  COMMITMENT_STATUSES,
  WAITING_STATUSES,
  type CommitmentRecord,
  type CommitmentStatus,
} from '../model/commitment-record.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { alertMoments } from './alerts.ts';
import { close } from './lifecycle.ts';
import { threadIds } from './thread-key.ts';

/**
 * The service layer over commitments for the web view and the API (as src/drafts/service.ts for drafts): the
 * principal's inboxes only, SafeErrors with stable codes — `not_found` (404, also for another inbox's
 * commitment), `conflict` (409), `bad_request` (400).
 */

export interface Attention {
  /** The reply-by time has passed and the client still waits (breached, or open with the breach alert pending). */
  overdue: CommitmentRecord[];
  /** Open, and the "due soon" moment has come. */
  dueSoon: CommitmentRecord[];
  /** For the badge: overdue + due soon. */
  count: number;
}

/** The "Due soon / Overdue" section at the top of the review queue, and the badge. */
export async function attention(ctx: AppContext, principal: Principal, inbox?: string): Promise<Attention> {
  const inboxes = inboxesInScope(ctx.config, principal, inbox);
  const now = ctx.clock.now().getTime();
  const waiting = await ctx.stores.commitments.byDue(inboxes, WAITING_STATUSES);
  const overdue = waiting.filter((c) => c.status === 'breached' || Date.parse(c.dueAt) <= now);
  const dueSoon = waiting.filter(
    (c) =>
      c.status === 'open' &&
      Date.parse(c.dueAt) > now &&
      alertMoments(ctx, c).some((m) => m.kind === 'due-soon' && m.at.getTime() <= now),
  );
  return { overdue, dueSoon, count: overdue.length + dueSoon.length };
}

export interface CommitmentFilter {
  inbox?: string;
  /** Default: the waiting ones (open, breached). */
  status?: CommitmentStatus[];
  limit?: number;
}

/** Commitments of the principal's inboxes, soonest reply-by time first. */
export async function listCommitments(
  ctx: AppContext,
  principal: Principal,
  filter: CommitmentFilter = {},
): Promise<CommitmentRecord[]> {
  for (const s of filter.status ?? [])
    if (!COMMITMENT_STATUSES.includes(s))
      throw new SafeError('bad_request', `unknown status "${String(s)}"`, 400);
  const inboxes = inboxesInScope(ctx.config, principal, filter.inbox);
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  return (await ctx.stores.commitments.byDue(inboxes, filter.status ?? WAITING_STATUSES)).slice(0, limit);
}

export async function getCommitment(
  ctx: AppContext,
  principal: Principal,
  id: string,
): Promise<CommitmentRecord> {
  const c = await ctx.stores.commitments.get(id);
  // Same answer for "missing" and "not yours": no probing which commitments exist in other inboxes.
  if (!c || !canSeeInbox(ctx.config, principal, c.inbox))
    throw new SafeError('not_found', 'no such commitment', 404);
  return c;
}

/**
 * The commitment a draft answers, for "Take this thread" on the draft page and the owner in the queue: the one
 * its conversation waits on, else the one its client message opened (maybe kept or closed by now); null for a
 * draft with neither (a payment reminder). A draft of an inbox the principal may not see has none.
 */
export async function commitmentOfDraft(
  ctx: AppContext,
  principal: Principal,
  draft: Pick<DraftRecord, 'inbox' | 'recordId' | 'messageId' | 'inReplyTo' | 'references'>,
): Promise<CommitmentRecord | null> {
  if (!canSeeInbox(ctx.config, principal, draft.inbox)) return null;
  const threadId = await ctx.stores.threads.lookup(draft.inbox, threadIds(draft).ids);
  const thread = threadId ? await ctx.stores.threads.get(draft.inbox, threadId) : null;
  const waitingOn = thread?.openCommitment ? await ctx.stores.commitments.get(thread.openCommitment) : null;
  if (waitingOn && waitingOn.inbox === draft.inbox) return waitingOn;
  const opened = draft.recordId ? await ctx.stores.commitments.get(commitmentIdFor(draft.recordId)) : null;
  return opened && opened.inbox === draft.inbox ? opened : null;
}

/** A lead decides the client needs no answer: the clock stops, pending alerts go. */
export async function closeCommitment(
  ctx: AppContext,
  principal: Principal,
  id: string,
  reason = '',
): Promise<CommitmentRecord> {
  if (reason.length > 1000) throw new SafeError('bad_request', 'reason must be at most 1000 characters', 400);
  const c = await getCommitment(ctx, principal, id);
  const closed = await close(ctx, id, principal.actor, reason.trim());
  if (!closed) throw new SafeError('conflict', `cannot close a commitment that is ${c.status}`, 409);
  return closed;
}

/**
 * "Mine": a lead takes the thread; its alerts (this commitment's and later ones in the same conversation) go to
 * them alone. Taking a thread another lead holds needs `force` (the answer names who holds it).
 */
export async function takeThread(
  ctx: AppContext,
  principal: Principal,
  id: string,
  opts: { force?: boolean } = {},
): Promise<CommitmentRecord> {
  if (principal.kind !== 'user')
    throw new SafeError('bad_request', 'only a signed-in lead can take a thread', 400);
  const c = await getCommitment(ctx, principal, id);
  const me = principal.actor.toLowerCase();
  if (c.owner && c.owner !== me && !opts.force) {
    const holder = ctx.config.users.find((u) => u.email.toLowerCase() === c.owner)?.name ?? c.owner;
    throw new SafeError('conflict', `${holder} has taken this thread`, 409);
  }
  return setOwner(ctx, c, me, principal.actor);
}

/** Gives the thread back: alerts go to every lead of the inbox again. */
export async function releaseThread(
  ctx: AppContext,
  principal: Principal,
  id: string,
): Promise<CommitmentRecord> {
  const c = await getCommitment(ctx, principal, id);
  return setOwner(ctx, c, null, principal.actor);
}

async function setOwner(
  ctx: AppContext,
  c: CommitmentRecord,
  owner: string | null,
  actor: string,
): Promise<CommitmentRecord> {
  const at = ctx.clock.now().toISOString();
  await ctx.stores.threads.update(c.inbox, c.thread, (t) =>
    t && t.owner !== owner ? { ...t, owner, updatedAt: at } : null,
  );
  const { commitment } = await ctx.stores.commitments.update(c.id, (x) =>
    x.owner === owner
      ? null
      : {
          ...x,
          owner,
          updatedAt: at,
          history: [
            ...x.history,
            { at, actor, action: owner ? 'taken' : 'released', ...(owner ? { detail: owner } : {}) },
          ],
        },
  );
  if (!commitment) throw new SafeError('not_found', 'no such commitment', 404);
  return commitment;
}
