import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { getDraft } from '../../drafts/service.ts';
import { draftVersion } from '../../drafts/edit-conflicts.ts';
import { commitmentOfDraft } from '../../commitments/service.ts';
import { WAITING_STATUSES, type CommitmentRecord } from '../../model/commitment-record.ts';
import { previewApproval, type ApprovalPreview } from '../../drafts/approval-preview.ts';
import type { ApproveEdits } from '../../drafts/service.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import { findMessage } from '../../messages/service.ts';
import { invoiceContextFor } from '../../reminders/invoice-context.ts';
import { actorName, auditLine, clockTime, isoToWords } from './audit-words.ts';
import { approvalOf, localValue, textHash, versionOf, type ApproveForm } from './draft-form.ts';
import { invoicePanel } from './invoice-panel.ts';
import { inboxZone } from './render.ts';
import { explainTriage } from './triage-explain.ts';
import { isMine, ownerName } from './attention-view.ts';
import { deadlineWords } from './deadline-words.ts';

/** The kinds whose page shows the invoice. */
export const PAYMENT_KINDS: readonly string[] = ['payment-reminder', 'payment-reply'];

/** The approve form of a pending draft, worded: what approval would do now and with the lead's choices. */
export interface ApproveView {
  subject: string;
  body: string;
  /** textHash of the text as the page first showed it (see ApproveForm.shown). */
  shown: string;
  /** The lead's own text was kept though the time or the promise changed. */
  keptEdit: boolean;
  /** When a plain approval sends it (ISO). */
  goesOut: string;
  /** A reminder timed in the client's calendar: their zone when it differs from the inbox's. */
  clientZone: string | null;
  /** Approval would withdraw the draft instead (too late, invoice settled): why. */
  withdrawn: string | null;
  /** "Send now" sends now (not for reminders, which keep the client's hours); warn when the office is closed. */
  sendNow: { possible: boolean; closedWarning: string | null };
  sendAtValue: string;
  /** The answer for the chosen time when the lead asked (moved, refused), in words. */
  chosen: { ok: boolean; text: string } | null;
  /** Angry replies: the promise field. */
  promise: { value: string; refused: string | null; urgent: boolean } | null;
}

const words = (p: ApprovalPreview, zone: string) => p.notes.map((n) => isoToWords(n, zone));

/** What approval would do with the form's choices (none: a plain approval now). */
async function approveView(
  ctx: AppContext,
  p: Principal,
  d: DraftRecord,
  zone: string,
  form: ApproveForm | null,
): Promise<ApproveView> {
  let asked: ApproveEdits = {};
  let formProblem: string | null = null;
  try {
    asked = form ? approvalOf({ ...form, action: 'approve' }, d, zone) : {};
  } catch (err) {
    if (!(err instanceof SafeError)) throw err;
    formProblem = err.message;
  }
  const plain = await previewApproval(ctx, p, d.id, { promisedBy: asked.promisedBy });
  const now = await previewApproval(ctx, p, d.id, { sendNow: true });
  const nowIso = ctx.clock.now().getTime();
  const chosenAt = form?.sendAt ? await chosenTime(ctx, p, d, zone, form) : null;
  const edited = form?.body !== undefined && form.shown !== textHash(form.body);
  const body = edited ? form!.body! : plain.body;
  const clock = clockTime(ctx.clock.now().toISOString(), zone).split(', ')[1];
  return {
    subject: form?.subject ?? d.subject,
    body,
    shown: edited ? form!.shown! : textHash(plain.body),
    keptEdit: edited && plain.followsTime,
    goesOut: plain.sendAt,
    clientZone: null,
    withdrawn: plain.withdrawn,
    sendNow: {
      possible: Math.abs(Date.parse(now.sendAt) - nowIso) < 60_000,
      // Only where "now" means now on the inbox's clock: a reminder keeps the client's hours (no such note).
      closedWarning:
        now.officeOpenNow || now.notes.length === 0
          ? null
          : `The office is closed now (${clock}, ${zone}): if you send now, the client learns night answers are possible.`,
    },
    sendAtValue: form?.sendAt ?? localValue(plain.sendAt, zone),
    chosen: chosenAt,
    promise: d.promisedBy
      ? {
          value: form?.promisedBy ?? localValue(d.promisedBy, zone),
          refused: formProblem ?? (asked.promisedBy ? plain.refused : null),
          urgent: d.render?.urgent === true,
        }
      : null,
  };
}

/** The service's answer for "send at this time", as the hint under the field says it. */
async function chosenTime(ctx: AppContext, p: Principal, d: DraftRecord, zone: string, form: ApproveForm) {
  let ask: ApproveEdits;
  try {
    ask = approvalOf({ ...form, action: 'schedule' }, d, zone);
  } catch (err) {
    if (!(err instanceof SafeError)) throw err;
    return { ok: false, text: err.message };
  }
  const r = await previewApproval(ctx, p, d.id, { sendAt: ask.sendAt, promisedBy: ask.promisedBy });
  if (r.refused) return { ok: false, text: isoToWords(r.refused, zone) };
  const notes = words(r, zone);
  return { ok: true, text: notes.length ? notes.join(' ') : `Goes out ${clockTime(r.sendAt, zone)}.` };
}

const DONE: Record<string, string> = {
  kept: 'answered in time',
  'answered-late': 'answered late',
  closed: 'closed: no answer needed',
};

/** The thread's reply-by time and owner, for the box above the draft ("Take this thread"). */
function threadView(ctx: AppContext, p: Principal, c: CommitmentRecord, zone: string) {
  const waiting = (WAITING_STATUSES as readonly string[]).includes(c.status);
  return {
    id: c.id,
    waiting,
    due: clockTime(c.dueAt, zone),
    state: waiting
      ? deadlineWords(c.dueAt, ctx.clock.now(), zone)
      : { text: DONE[c.status] ?? c.status, overdue: false },
    owner: ownerName(ctx, c.owner),
    mine: isMine(p, c),
  };
}

export interface DraftPageOptions {
  form?: ApproveForm | null;
  images?: boolean;
  /** A save or approval was refused because someone changed the draft: show their version beside the lead's. */
  conflict?: boolean;
}

/** Everything the draft page shows; `form` is the lead's unsent approve form (preview, refused approval). */
export async function draftPageData(ctx: AppContext, p: Principal, id: string, opts: DraftPageOptions = {}) {
  const draft = await getDraft(ctx, p, id);
  const message = await findMessage(ctx, p, draft.recordId);
  const zone = inboxZone(ctx.config, draft.inbox);
  const now = ctx.clock.now();
  const invoice = PAYMENT_KINDS.includes(draft.kind) ? await invoiceContextFor(ctx, p, draft) : null;
  const approve =
    draft.status === 'pending' ? await approveView(ctx, p, draft, zone, opts.form ?? null) : null;
  const clientZone = invoice?.invoice.client.timezone;
  if (approve && draft.kind === 'payment-reminder' && clientZone && clientZone !== zone)
    approve.clientZone = clientZone;
  const commitment = await commitmentOfDraft(ctx, p, draft);
  const last = draft.audit[draft.audit.length - 1];
  return {
    title: draft.subject,
    nav: 'queue',
    draft,
    message,
    zone,
    approve,
    invoice: invoice ? invoicePanel(ctx.config, invoice, draft, zone, now) : null,
    history: [...draft.audit].reverse().map((e) => auditLine(ctx.config, e, zone)),
    images: opts.images === true,
    why: message?.triage ? explainTriage(message.triage, zone, ctx.config.triage.angerThreshold) : [],
    // The version the form carries: the one the lead started from, until they have seen a newer one.
    version: (opts.form && !opts.conflict ? versionOf(opts.form) : undefined) ?? draftVersion(draft),
    clientAddress: (message?.from?.address ?? invoice?.invoice.client.email ?? draft.to).toLowerCase(),
    thread: commitment ? threadView(ctx, p, commitment, zone) : null,
    conflict:
      opts.conflict && last
        ? {
            by: actorName(ctx.config, last.actor),
            when: clockTime(last.at, zone),
            subject: draft.subject,
            body: draft.body,
            // The lead's own text when the draft cannot be edited any more (a colleague approved it).
            unsaved: draft.status === 'pending' ? null : (opts.form?.body ?? null),
          }
        : null,
  };
}

/** The script's live preview: the text for the promise, and the answer for the chosen time. */
export async function previewAnswer(ctx: AppContext, p: Principal, id: string, form: ApproveForm) {
  const draft = await getDraft(ctx, p, id);
  if (draft.status !== 'pending')
    throw new SafeError('conflict', `this draft is ${draft.status}, not pending`, 409);
  const zone = inboxZone(ctx.config, draft.inbox);
  const v = await approveView(ctx, p, draft, zone, form);
  return {
    body: v.body,
    shown: v.shown,
    keptEdit: v.keptEdit,
    goesOut: clockTime(v.goesOut, zone),
    promiseRefused: v.promise?.refused ?? null,
    chosen: v.chosen,
  };
}
