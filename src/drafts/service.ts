import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import { inboxesInScope, requireVisible } from '../access/inbox-access.ts';
import type { Page } from '../store/paging.ts';
import { DRAFT_STATUSES, type DraftRecord, type DraftStatus } from '../model/draft-record.ts';
import { inboxCalendar, scheduleSendAt } from './send-at.ts';
import { decideSendAt, type SendDecision, type SendRequest } from './send-request.ts';
import { renderReply } from './reply-text.ts';
import { oneLine } from './templates.ts';
import { policyFor } from './policy.ts';
import { moveDraft } from './transitions.ts';
import { draftVersion, staleEditError } from './edit-conflicts.ts';

/**
 * The one service layer over drafts: the JSON API and the web pages both call these, so access checks,
 * state rules and audit are the same everywhere. Errors are SafeErrors with stable codes:
 * `not_found` (404, also for an inbox the principal may not see), `conflict` (409), `bad_request` (400).
 */

export const LIMITS = { subject: 300, body: 20_000, reason: 1000 } as const;

export interface ApproveEdits {
  subject?: string;
  body?: string;
  /**
   * ISO timestamp. Refused when in the past or after the promised time; moved forward to the next opening
   * (with a note) when the office is closed then.
   */
  sendAt?: string;
  /** Send at once, even outside office hours (with a note); excludes `sendAt`. */
  sendNow?: boolean;
  /** ISO timestamp: a new promised answer time for an angry reply; the text follows. */
  promisedBy?: string;
  /**
   * The draft's version the lead started from (`draftVersion`, src/drafts/edit-conflicts.ts): when someone
   * changed the draft since, approval is refused with 409 naming them instead of overwriting their change.
   */
  version?: number;
}

/** An approval's outcome: the draft as scheduled, and notes about the time (moved, outside office hours). */
export interface Approval {
  draft: DraftRecord;
  notes: string[];
}

const store = (ctx: AppContext) => ctx.stores.drafts;

export interface DraftListFilter {
  /** One inbox (a 404 when the principal may not see it); default every inbox they may see. */
  inbox?: string;
  status?: DraftStatus[];
  /** 1–1000, default 100. */
  limit?: number;
  /** The `nextCursor` of the page before. */
  cursor?: string;
}

/** Drafts of the inboxes the principal may see, newest first, one page at a time. */
export async function pageDrafts(
  ctx: AppContext,
  principal: Principal,
  filter: DraftListFilter = {},
): Promise<Page<DraftRecord>> {
  for (const s of filter.status ?? []) {
    if (!DRAFT_STATUSES.includes(s)) throw new SafeError('bad_request', `unknown status "${String(s)}"`, 400);
  }
  const inboxes = inboxesInScope(ctx.config, principal, filter.inbox);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  return store(ctx).page({ inboxes, status: filter.status, limit, cursor: filter.cursor });
}

/** The first page of `pageDrafts`, for views that show one list (the queue, Scheduled, the audit trail). */
export async function listDrafts(
  ctx: AppContext,
  principal: Principal,
  filter: Omit<DraftListFilter, 'cursor'> = {},
): Promise<DraftRecord[]> {
  return (await pageDrafts(ctx, principal, filter)).items;
}

export async function getDraft(ctx: AppContext, principal: Principal, id: string): Promise<DraftRecord> {
  const d = await store(ctx).get(id);
  // Same answer for "missing" and "not yours": no probing which drafts exist in other inboxes.
  return requireVisible(ctx.config, principal, d, 'draft');
}

function conflict(d: DraftRecord | null, action: string, allowed: DraftStatus[]): never {
  if (!d) throw new SafeError('not_found', 'no such draft', 404);
  throw new SafeError(
    'conflict',
    `cannot ${action} a draft that is ${d.status} (only ${allowed.join(' or ')} drafts)`,
    409,
  );
}

function parseIso(s: string | undefined, field: string): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime()))
    throw new SafeError(
      'bad_request',
      `${field} must be an ISO timestamp like 2026-11-23T09:00:00+01:00`,
      400,
    );
  return d;
}

/** How many times a draft was put on the send queue: gives each (re)approval its own BullMQ job id. */
const sendAttempts = (d: DraftRecord) =>
  d.audit.filter((a) => a.action === 'approved' || a.action === 'retried').length;

/** Puts the send job on the queue, delayed until sendAt. The job id is deterministic per approval. */
export async function enqueueSend(ctx: AppContext, d: DraftRecord): Promise<void> {
  const delay = Math.max(0, Date.parse(d.sendAt ?? '') - ctx.clock.now().getTime()) || 0;
  await ctx.queues.send.enqueue({ draftId: d.id, inboxId: d.inbox, attempt: sendAttempts(d) }, { delay });
}

/**
 * When a draft would go out if approved now (or at `requested`): the draft kind's own rule (a payment reminder
 * keeps the client's office hours), else the next opening of the inbox calendar at or after the time asked
 * for. Approval, retry and the draft page all use this one answer.
 */
export async function previewSendAt(ctx: AppContext, d: DraftRecord, requested?: Date): Promise<Date> {
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox);
  if (!inbox) throw new SafeError('conflict', `inbox "${d.inbox}" is no longer configured`, 409);
  return (
    (await policyFor(ctx, d).sendAt(ctx, d, requested)) ??
    scheduleSendAt(inboxCalendar(inbox), ctx.clock.now(), requested)
  );
}

/**
 * Puts every scheduled (or interrupted `sending`) draft back on the send queue. Run when a send worker
 * starts: a crash between approval and enqueue, or a Redis restore, would otherwise leave a draft scheduled
 * with no job. Job ids are deterministic, so a draft whose job exists is not queued twice; the Sent-folder
 * check in the send job makes even a second job harmless.
 */
export async function resumeScheduledSends(ctx: AppContext): Promise<number> {
  const inboxes = ctx.config.inboxes.map((i) => i.id);
  let resumed = 0;
  // Page through all of them: after a long outage there may be more than any one page holds.
  for (let cursor: string | undefined; ;) {
    const page = await store(ctx).page({ inboxes, status: ['scheduled', 'sending'], limit: 500, cursor });
    for (const d of page.items) await enqueueSend(ctx, d);
    resumed += page.items.length;
    if (!page.nextCursor) return resumed;
    cursor = page.nextCursor;
  }
}

/**
 * Approves a pending draft as `actor` (a lead, or `tactful` for an automatic acknowledgement) and schedules it
 * for the next opening. Used by the API, the web pages and the draft worker.
 */
export async function approveAs(
  ctx: AppContext,
  id: string,
  actor: string,
  edits: ApproveEdits = {},
): Promise<Approval> {
  if (edits.subject !== undefined && (edits.subject.length > LIMITS.subject || !oneLine(edits.subject)))
    throw new SafeError('bad_request', `subject must be 1–${LIMITS.subject} characters`, 400);
  if (edits.body !== undefined && (edits.body.length > LIMITS.body || !edits.body.trim()))
    throw new SafeError('bad_request', `body must be 1–${LIMITS.body} characters`, 400);
  if (edits.sendNow && edits.sendAt !== undefined)
    throw new SafeError('bad_request', 'choose either sendNow or sendAt, not both', 400);
  const requested = parseIso(edits.sendAt, 'sendAt');
  const newPromise = parseIso(edits.promisedBy, 'promisedBy');
  const current = await store(ctx).get(id);
  if (!current) throw new SafeError('not_found', 'no such draft', 404);
  if (edits.version !== undefined && edits.version !== draftVersion(current))
    throw staleEditError(ctx, current);
  const inbox = ctx.config.inboxes.find((i) => i.id === current.inbox);
  if (!inbox) throw new SafeError('conflict', `inbox "${current.inbox}" is no longer configured`, 409);
  if (newPromise && !current.promisedBy)
    throw new SafeError(
      'bad_request',
      'only a reply that promises an answer has a promised time to change',
      400,
    );
  const promisedBy = newPromise ?? (current.promisedBy ? new Date(current.promisedBy) : null);
  const now = ctx.clock.now();
  if (newPromise && newPromise.getTime() <= now.getTime())
    throw new SafeError('bad_request', 'the promised time must be in the future', 400);

  const when = await decideApprovalTime(ctx, current, inbox, edits, requested, promisedBy);
  const policy = policyFor(ctx, current);
  const wanted = await policy.stillWanted(ctx, current, when.sendAt);
  if (!wanted.wanted) {
    // A reminder whose invoice was paid meanwhile, an after-hours note that would arrive too late: withdrawn
    // at approval, not sent.
    await moveDraft(store(ctx), id, 'withdrawAtApproval', { actor, detail: wanted.reason });
    throw new SafeError('conflict', `this draft is no longer wanted: ${wanted.reason}`, 409);
  }
  const sendAt = when.sendAt.toISOString();
  const subject = edits.subject !== undefined ? oneLine(edits.subject) : current.subject;
  const promisedIso = promisedBy ? promisedBy.toISOString() : null;
  // The text as it will read at sendAt (dates are rendered again when it goes out). A body the lead changed
  // is theirs and goes out as approved; one identical to what they were shown is not an edit.
  const fresh = current.render
    ? renderReply(ctx.config, inbox, current.render, promisedIso, when.sendAt).body
    : null;
  const posted = edits.body !== undefined ? edits.body.replace(/\r\n?/g, '\n') : undefined;
  const bodyEdited =
    current.edited === true ||
    (posted !== undefined && !sameText(posted, current.body) && !sameText(posted, fresh));
  const body = bodyEdited ? (posted ?? current.body) : (fresh ?? posted ?? current.body);
  const changed = [
    subject !== current.subject && 'subject',
    bodyEdited && !current.edited && 'body',
    newPromise && 'promised time',
  ].filter(Boolean);
  const r = await moveDraft(store(ctx), id, 'approve', {
    actor,
    detail: [`send at ${sendAt}`, changed.length ? `edited ${changed.join(' and ')}` : '', ...when.notes]
      .filter(Boolean)
      .join('; '),
    patch: { subject, body, sendAt, error: null, promisedBy: promisedIso, edited: bodyEdited },
    ifVersion: edits.version,
  });
  if (!r.ok && r.stale && r.draft) throw staleEditError(ctx, r.draft);
  if (!r.ok) conflict(r.draft, 'approve', ['pending']);
  await enqueueSend(ctx, r.draft);
  return { draft: r.draft, notes: when.notes };
}

/** Same words, whatever the line endings and trailing blanks. */
const sameText = (a: string, b: string | null) =>
  b !== null &&
  a.replace(/\s+$/g, '').replace(/[ \t]+\n/g, '\n') === b.replace(/\s+$/g, '').replace(/[ \t]+\n/g, '\n');

/**
 * The send time of an approval: the draft kind's own rule when it has one (a payment reminder keeps the client's
 * office hours), else the honest scheduling of src/drafts/send-request.ts (send now, a chosen time, the next
 * opening), which refuses a past time or one after the promise and says when it moved a time.
 */
export async function decideApprovalTime(
  ctx: AppContext,
  d: DraftRecord,
  inbox: NonNullable<ReturnType<AppContext['config']['inboxes']['find']>>,
  edits: ApproveEdits,
  requested: Date | undefined,
  promisedBy: Date | null,
): Promise<SendDecision> {
  const now = ctx.clock.now();
  const own = await policyFor(ctx, d).sendAt(ctx, d, edits.sendNow ? now : requested);
  if (own) {
    const asked = edits.sendNow ? now : requested;
    const notes =
      asked && Math.abs(own.getTime() - asked.getTime()) > 60_000
        ? [`Goes out at the client's next opening, ${own.toISOString()}, not at the time asked for.`]
        : [];
    return { sendAt: own, notes };
  }
  const request: SendRequest = edits.sendNow
    ? { kind: 'now' }
    : requested
      ? { kind: 'at', at: requested }
      : { kind: 'next-opening' };
  return decideSendAt({ cal: inboxCalendar(inbox), now, request, promisedBy });
}

export async function approveDraft(
  ctx: AppContext,
  principal: Principal,
  id: string,
  edits: ApproveEdits = {},
): Promise<{ status: 'scheduled'; sendAt: string; draft: DraftRecord; notes: string[] }> {
  await getDraft(ctx, principal, id);
  const { draft, notes } = await approveAs(ctx, id, principal.actor, edits);
  return { status: 'scheduled', sendAt: draft.sendAt!, draft, notes };
}

/**
 * Saves a lead's edit of a pending draft without approving it (the text then goes out as they wrote it). `version`
 * is the draft's version they started from: a draft changed since is not overwritten (409 naming who changed it).
 */
export async function saveDraftEdits(
  ctx: AppContext,
  principal: Principal,
  id: string,
  edits: { subject?: string; body?: string; version: number },
): Promise<DraftRecord> {
  if (edits.subject !== undefined && (edits.subject.length > LIMITS.subject || !oneLine(edits.subject)))
    throw new SafeError('bad_request', `subject must be 1–${LIMITS.subject} characters`, 400);
  if (edits.body !== undefined && (edits.body.length > LIMITS.body || !edits.body.trim()))
    throw new SafeError('bad_request', `body must be 1–${LIMITS.body} characters`, 400);
  const d = await getDraft(ctx, principal, id);
  if (draftVersion(d) !== edits.version) throw staleEditError(ctx, d);
  const body = edits.body?.replace(/\r\n?/g, '\n');
  const r = await moveDraft(store(ctx), id, 'edit', {
    actor: principal.actor,
    detail: [edits.subject !== undefined && 'subject', body !== undefined && 'body']
      .filter(Boolean)
      .join(' and '),
    patch: {
      ...(edits.subject !== undefined ? { subject: oneLine(edits.subject) } : {}),
      ...(body !== undefined && !sameText(body, d.body) ? { body, edited: true } : {}),
    },
    ifVersion: edits.version,
  });
  if (!r.ok && r.stale && r.draft) throw staleEditError(ctx, r.draft);
  if (!r.ok) conflict(r.draft, 'edit', ['pending']);
  return r.draft;
}

/** Rejects a pending draft, or withdraws a scheduled one before it goes out (its send job then finds it rejected). */
export async function rejectDraft(
  ctx: AppContext,
  principal: Principal,
  id: string,
  reason = '',
): Promise<{ status: 'rejected'; draft: DraftRecord }> {
  if (reason.length > LIMITS.reason)
    throw new SafeError('bad_request', `reason must be at most ${LIMITS.reason} characters`, 400);
  await getDraft(ctx, principal, id);
  const r = await moveDraft(store(ctx), id, 'reject', {
    actor: principal.actor,
    detail: reason.trim() || undefined,
  });
  if (!r.ok) conflict(r.draft, 'reject', ['pending', 'scheduled']);
  return { status: 'rejected', draft: r.draft };
}

/**
 * Sends a failed draft again at the next opening (same Message-ID: it is the same message), by the same rules
 * as an approval: a reminder no longer wanted is not retried, and goes out in the client's office hours.
 */
export async function retryDraft(
  ctx: AppContext,
  principal: Principal,
  id: string,
): Promise<{ status: 'scheduled'; sendAt: string; draft: DraftRecord }> {
  const d = await getDraft(ctx, principal, id);
  const at = await previewSendAt(ctx, d);
  const wanted = await policyFor(ctx, d).stillWanted(ctx, d, at);
  if (!wanted.wanted)
    throw new SafeError('conflict', `this draft is no longer wanted: ${wanted.reason}`, 409);
  const sendAt = at.toISOString();
  const r = await moveDraft(store(ctx), id, 'retry', {
    actor: principal.actor,
    detail: `send at ${sendAt}`,
    patch: { sendAt, error: null },
  });
  if (!r.ok) conflict(r.draft, 'retry', ['failed']);
  await enqueueSend(ctx, r.draft);
  return { status: 'scheduled', sendAt, draft: r.draft };
}
