import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { isOpen } from '../triage/office-hours.ts';
import { inboxCalendar } from './send-at.ts';
import { renderReply } from './reply-text.ts';
import { policyFor } from './policy.ts';
import { decideApprovalTime, getDraft, previewSendAt, type ApproveEdits } from './service.ts';

/** What a lead is about to ask approval for: the time choice and a new promise, as the API takes them. */
export type ApprovalAsk = Pick<ApproveEdits, 'sendNow' | 'sendAt' | 'promisedBy'>;

/** What approval would do with an ask, without doing it: the page shows it before the lead decides. */
export interface ApprovalPreview {
  /** When it would go out (ISO); when the ask is refused, the time a plain approval would use. */
  sendAt: string;
  /** The service's notes about that time (moved to the next opening, sent outside office hours). */
  notes: string[];
  /** Why approval would refuse the ask (a past time, one after the promise, a promise in the past); else null. */
  refused: string | null;
  /** Why approval would withdraw the draft instead of scheduling it (too late, invoice paid); else null. */
  withdrawn: string | null;
  /** The promise the text makes (ISO), the asked one when accepted. */
  promisedBy: string | null;
  /** The text the client would read: rendered for `sendAt` and the promise unless it is final (edited, a reminder). */
  body: string;
  /** True when the text follows the time and the promise (an unedited reply rendered again at send time). */
  followsTime: boolean;
  /** Whether the inbox's office is open right now (the page warns before "send now" at night). */
  officeOpenNow: boolean;
}

const iso = (s: string | undefined, field: string): Date | undefined => {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(d.getTime()))
    throw new SafeError('bad_request', `${field} must be an ISO timestamp`, 400);
  return d;
};

/**
 * What `approveDraft` would answer for this ask, by the same rules (decideApprovalTime, the kind's policy,
 * the promise checks of approveAs) and the same text rendering, but changing nothing: refusals come back as
 * `refused` instead of an error. For pending drafts; `not_found` for a draft the principal may not see.
 */
export async function previewApproval(
  ctx: AppContext,
  principal: Principal,
  id: string,
  ask: ApprovalAsk = {},
): Promise<ApprovalPreview> {
  const d = await getDraft(ctx, principal, id);
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox);
  if (!inbox) throw new SafeError('conflict', `inbox "${d.inbox}" is no longer configured`, 409);
  const now = ctx.clock.now();
  let refused: string | null = null;
  let promisedBy = d.promisedBy;
  let when: { sendAt: Date; notes: string[] };
  try {
    if (ask.sendNow && ask.sendAt !== undefined)
      throw new SafeError('bad_request', 'choose either sendNow or sendAt, not both', 400);
    const newPromise = iso(ask.promisedBy, 'promisedBy');
    if (newPromise && !d.promisedBy)
      throw new SafeError('bad_request', 'only a reply that promises an answer has a promised time', 400);
    if (newPromise && newPromise.getTime() <= now.getTime())
      throw new SafeError('bad_request', 'the promised time must be in the future', 400);
    if (newPromise) promisedBy = newPromise.toISOString();
    const requested = iso(ask.sendAt, 'sendAt');
    const promise = promisedBy ? new Date(promisedBy) : null;
    when = await decideApprovalTime(ctx, d, inbox, ask, requested, promise);
  } catch (err) {
    if (!(err instanceof SafeError) || err.status !== 400) throw err;
    refused = err.message;
    when = { sendAt: await previewSendAt(ctx, d), notes: [] };
  }
  const wanted = await policyFor(ctx, d).stillWanted(ctx, d, when.sendAt);
  return {
    sendAt: when.sendAt.toISOString(),
    notes: when.notes,
    refused,
    withdrawn: wanted.wanted ? null : wanted.reason,
    promisedBy,
    ...textAt(ctx, d, promisedBy, when.sendAt),
    officeOpenNow: isOpen(inboxCalendar(inbox), now),
  };
}

/** The text as approval would send it at `at` (see approveAs: an unedited reply is rendered again). */
function textAt(ctx: AppContext, d: DraftRecord, promisedBy: string | null, at: Date) {
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox)!;
  if (!d.render || d.edited) return { body: d.body, followsTime: false };
  return { body: renderReply(ctx.config, inbox, d.render, promisedBy, at).body, followsTime: true };
}
