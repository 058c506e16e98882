import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { DraftJob } from '../queue/definitions.ts';
import { draftIdFor, recordId } from '../model/ids.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { composeReplyDraft, decideReplyKind, isUnattended, type ReplyKind } from './compose.ts';
import { approveAs } from './service.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import { baseSubject, msgIdList } from '../mail/threading.ts';
import { moveDraft } from './transitions.ts';

export type DraftOutcome =
  | { outcome: 'drafted' | 'exists'; draftId: string; status: DraftRecord['status'] }
  | { outcome: 'none'; reason: string };

/** A newer draft for the same sender replaces an older one still waiting, when it covers what the old one said. */
const covers = (newer: ReplyKind, older: DraftRecord['kind']) =>
  newer !== 'after-hours' || older === 'after-hours';

/**
 * A triaged message → at most one reply draft (pending), approved at once as `tactful` when the inbox's
 * policy sends that kind unattended. Safe to run twice: the draft id is derived from the record id.
 */
export async function processDraftJob(ctx: AppContext, job: DraftJob): Promise<DraftOutcome> {
  const record = await ctx.stores.messages.get(job.recordId);
  if (!record) return { outcome: 'none', reason: 'no such record' };
  // Triage writes its result before queueing us; a missing one means a race or a bug: retry, do not guess.
  if (!record.triage) throw new Error(`record ${record.id} has no triage result yet`);
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  if (!inbox) return { outcome: 'none', reason: `inbox "${record.inbox}" is not configured` };
  return draftForRecord(ctx, record, inbox);
}

/**
 * The draft job's work on a triaged record already in hand: the draft job's body, and the ingest pipeline's
 * (issue 15), which triages and drafts a new message in one job. Same guarantees: the draft id is derived from
 * the record id, the per-sender acknowledgement claim holds the record id.
 */
export async function draftForRecord(
  ctx: AppContext,
  record: MessageRecord,
  inbox: InboxConfig,
): Promise<DraftOutcome> {
  if (!record.triage) throw new Error(`record ${record.id} has no triage result yet`);
  await cancelAnsweredDrafts(ctx, record, inbox);
  const existing = await ctx.stores.drafts.get(
    draftIdFor({ recordId: record.id, invoiceId: null, step: null }),
  );
  if (existing) return resumeExisting(ctx, existing);

  const kind = decideReplyKind(record.triage);
  if (!kind) return { outcome: 'none', reason: 'nothing to acknowledge' };
  // A plain after-hours note the inbox sends unattended is an automatic response: when RFC 3834 (or the
  // per-sender limit) forbids one, nothing is drafted — a lead does not want a queue of notes nobody may send.
  // Angry mail still gets a draft for a lead: that reply is a person's.
  if (kind === 'after-hours' && isUnattended(inbox, kind) && !record.triage.autoReply.allowed)
    return { outcome: 'none', reason: record.triage.autoReply.reason ?? 'not allowed' };
  const draft = composeReplyDraft({
    config: ctx.config,
    inbox,
    record: { ...record, triage: record.triage },
    kind,
    now: ctx.clock.now(),
  });
  if (!draft) return { outcome: 'none', reason: 'no address to answer' };

  if (draft.unattended && inbox.ackLimitDays > 0) {
    // RFC 3834 §2: not the same response to the same sender more than once in several days. The claim holds
    // the record id, so a retry of this very job (crash after the claim, before create) still gets its draft.
    const claimed = await ctx.stores.ackLimit.claim(
      inbox.id,
      draft.to,
      record.id,
      inbox.ackLimitDays * 86400,
    );
    if (!claimed) return { outcome: 'none', reason: 'rate-limited' };
  }

  const { draft: created } = await ctx.stores.drafts.createIfAbsent(draft);
  await supersedeOlder(ctx, created);
  return resumeExisting(ctx, created);
}

/**
 * A message from the agency itself (the inbox address or an alias) that answers a client's message: someone
 * replied by hand (Cc to the inbox, or a copy filed there), so Tactful's waiting reply to that message is
 * cancelled. The draft of a message is found from its Message-ID alone: record ids are derived from it.
 * (The send job also looks in the Sent folder right before sending, for replies that never reach the inbox.)
 */
async function cancelAnsweredDrafts(
  ctx: AppContext,
  record: MessageRecord,
  inbox: InboxConfig,
): Promise<void> {
  const own = new Set([inbox.address, ...inbox.aliases].map((a) => a.toLowerCase()));
  const from = record.from?.address.toLowerCase() ?? '';
  if (!own.has(from)) return;
  const parents = new Set([...msgIdList(record.inReplyTo), ...msgIdList(record.references)]);
  for (const parent of parents) {
    const id = draftIdFor({ recordId: recordId(inbox.id, parent), invoiceId: null, step: null });
    await moveDraft(ctx.stores.drafts, id, 'cancel', {
      actor: 'tactful',
      detail: `answered by ${from} (${record.messageId ?? 'no Message-ID'})`,
    });
  }
}

/** Finishes what a crashed run may have left: an unattended draft still pending gets approved. */
async function resumeExisting(ctx: AppContext, d: DraftRecord): Promise<DraftOutcome> {
  if (d.unattended && d.status === 'pending') {
    try {
      const { draft: approved } = await approveAs(ctx, d.id, 'tactful');
      return { outcome: 'drafted', draftId: d.id, status: approved.status };
    } catch (err) {
      // Withdrawn at approval (e.g. an after-hours note that could only arrive too late): not a failure to
      // retry — the draft records why.
      if (!(err instanceof SafeError) || err.status !== 409) throw err;
      const now = await ctx.stores.drafts.get(d.id);
      return { outcome: 'exists', draftId: d.id, status: now?.status ?? d.status };
    }
  }
  return { outcome: d.audit.length === 1 ? 'drafted' : 'exists', draftId: d.id, status: d.status };
}

/**
 * The client wrote again in the same conversation before the previous reply went out: the previous one is
 * stale (it answers an older message and would arrive next to the new one). It is cancelled when the new
 * draft covers it (an angry reply covers an after-hours note, not the other way round).
 */
async function supersedeOlder(ctx: AppContext, d: DraftRecord): Promise<void> {
  const previous = await ctx.stores.latestDrafts.swap(d.inbox, d.to, d.id);
  if (!previous || previous === d.id) return;
  const old = await ctx.stores.drafts.get(previous);
  if (!old || old.createdAt > d.createdAt || !covers(d.kind as ReplyKind, old.kind)) return;
  // Only the same conversation: the new message answers the old one's thread, or has the same base subject.
  // Two separate matters from one client each keep their reply.
  const sameThread =
    (old.messageId !== null && d.references.includes(old.messageId)) ||
    baseSubject(old.subject).toLowerCase() === baseSubject(d.subject).toLowerCase();
  if (!sameThread) return;
  await moveDraft(ctx.stores.drafts, previous, 'supersede', {
    actor: 'tactful',
    detail: `the client wrote again; replaced by draft ${d.id}`,
  });
}
