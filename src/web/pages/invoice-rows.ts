import { DateTime } from 'luxon';
import type { InboxConfig } from '../../config/schema.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import type { InvoiceRecord, InvoiceStatus } from '../../model/invoice-record.ts';
import type { Language } from '../../model/languages.ts';
import { canApplyAction, type InvoiceAction } from '../../reminders/actions.ts';
import { formatAmount } from '../../reminders/format.ts';
import { invoicePlan } from '../../reminders/plan.ts';
import { latestDraftedStep } from '../../reminders/invoice-queries.ts';

/** One line of the invoices page, everything already worded for the template. Pure. */
export interface InvoiceRow {
  inv: InvoiceRecord;
  amount: string;
  zone: string;
  /** Whole days past the due date in the client's zone (0 or less = not overdue). */
  daysOverdue: number;
  /** "Step 2 · sent Tue 24 Nov" etc., or null when no step fired yet. */
  lastStep: string | null;
  /** "Step 3 · Mon 14 Dec, 09:00", "on hold", "—". */
  nextStep: string;
  actions: InvoiceAction[];
  /** "paused by lena@agency.test, Mon 23 Nov": the latest change after creation, from the invoice history. */
  lastChange: string | null;
}

/** Active invoices first (they still need a lead), settled ones after. */
const ORDER: Record<InvoiceStatus, number> = { open: 0, paused: 0, disputed: 0, paid: 1, cancelled: 1 };
const BUTTONS: InvoiceAction[] = ['paid', 'dispute', 'pause', 'resume'];
const WHEN = 'ccc d LLL';
const DID: Record<string, string> = {
  paid: 'marked paid',
  dispute: 'disputed',
  pause: 'paused',
  resume: 'resumed',
};

function lastChangeText(inv: InvoiceRecord, zone: string): string | null {
  const e = inv.history.at(-1);
  if (!e || e.action === 'created') return null;
  const day = DateTime.fromISO(e.at).setZone(zone);
  return `${DID[e.action] ?? e.action} by ${e.actor}${day.isValid ? `, ${day.toFormat(WHEN)}` : ''}`;
}

function lastStepText(inv: InvoiceRecord, draft: DraftRecord | null, zone: string): string | null {
  const last = latestDraftedStep(inv);
  if (!last) return null;
  const day = (iso: string | null) => (iso ? DateTime.fromISO(iso).setZone(zone).toFormat(WHEN) : '');
  const s = `Step ${last.step}`;
  if (!draft) return `${s} · drafted ${day(last.at)}`;
  if (draft.status === 'sent') return `${s} · sent ${day(draft.sentAt)}`;
  if (draft.status === 'scheduled' || draft.status === 'sending')
    return `${s} · goes out ${day(draft.sendAt)}`;
  if (draft.status === 'pending') return `${s} · awaiting approval`;
  return `${s} · ${draft.status}`;
}

function nextStepText(inbox: InboxConfig, inv: InvoiceRecord, now: Date, zone: string): string {
  if (inv.status === 'paused') return inv.pausedUntil ? `paused until ${inv.pausedUntil}` : 'on hold';
  if (inv.status === 'disputed') return 'on hold';
  if (inv.status !== 'open') return '—';
  const done = Math.max(0, ...inv.reminders.map((r) => r.step));
  const left = invoicePlan(inbox, inv).filter((p) => p.step > done);
  // Catch-up rule (decide.ts): of several steps already due only the latest is sent.
  const due = left.filter((p) => p.sendAt.toMillis() <= now.getTime()).pop();
  if (due) return `Step ${due.step} · due now`;
  const next = left[0];
  if (!next) return 'ladder finished';
  return `Step ${next.step} · ${next.sendAt.setZone(zone).toFormat(`${WHEN}, HH:mm`)}`;
}

/** Whole days past the due date in the client's zone (0 or less = not overdue). */
export function daysOverdue(inv: InvoiceRecord, zone: string, now: Date): number {
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const due = DateTime.fromISO(inv.dueDate, { zone }).startOf('day');
  return Math.round(today.diff(due, 'days').days);
}

export function invoiceRow(
  inbox: InboxConfig,
  inv: InvoiceRecord,
  lastDraft: DraftRecord | null,
  now: Date,
): InvoiceRow {
  const zone = inv.client.timezone ?? inbox.timezone;
  const language = (inv.client.language ?? inbox.language) as Language;
  return {
    inv,
    amount: formatAmount(inv.amount, inv.currency, language),
    zone,
    daysOverdue: daysOverdue(inv, zone, now),
    lastStep: lastStepText(inv, lastDraft, zone),
    nextStep: nextStepText(inbox, inv, now, zone),
    actions: BUTTONS.filter((a) => canApplyAction(a, inv.status)),
    lastChange: lastChangeText(inv, zone),
  };
}

/** Open, paused and disputed first, each part by due date (most overdue first). */
export function sortRows(rows: InvoiceRow[]): InvoiceRow[] {
  return [...rows].sort(
    (a, b) =>
      ORDER[a.inv.status] - ORDER[b.inv.status] ||
      a.inv.dueDate.localeCompare(b.inv.dueDate) ||
      a.inv.number.localeCompare(b.inv.number),
  );
}
