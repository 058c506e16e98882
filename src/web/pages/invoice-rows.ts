import { DateTime } from 'luxon';
import type { InboxConfig } from '../../config/schema.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import type { InvoiceRecord, InvoiceStatus } from '../../model/invoice-record.ts';
import type { Language } from '../../model/languages.ts';
import { canApplyAction, type InvoiceAction } from '../../reminders/actions.ts';
import { formatAmount } from '../../reminders/format.ts';
import { latestDraftedStep } from '../../reminders/invoice-queries.ts';
import { ladderSteps } from '../../reminders/calendar.ts';

/** One line of the invoices page, everything already worded for the template. Pure. */
export interface InvoiceRow {
  inv: InvoiceRecord;
  amount: string;
  zone: string;
  /** Whole days past the due date in the client's zone (0 or less = not overdue). */
  daysOverdue: number;
  /** "Step 2 · sent Tue 24 Nov" etc., or null when no step fired yet. */
  lastStep: string | null;
  /** "Step 3 · Mon 14 Dec, 09:00", "Step 1 · due now", "on hold", "—": the ladder's own next step. */
  nextStep: string;
  actions: InvoiceAction[];
  /** "paused by Lena Lead, Mon 23 Nov": the latest change after creation, from the invoice history. */
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

function lastChangeText(inv: InvoiceRecord, zone: string, name: (actor: string) => string): string | null {
  const e = inv.history.at(-1);
  if (!e || e.action === 'created') return null;
  const day = DateTime.fromISO(e.at).setZone(zone);
  const did = DID[e.action] ?? e.action.replace(/[-_]+/g, ' ');
  return `${did} by ${name(e.actor)}${day.isValid ? `, ${day.toFormat(WHEN)}` : ''}`;
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

/** The next reminder as the ladder decides it (src/reminders upcomingReminder), worded for the row. */
export type Upcoming = { step: number; at: Date; drafted: boolean } | null;

function nextStepText(
  inv: InvoiceRecord,
  steps: number,
  upcoming: Upcoming,
  now: Date,
  zone: string,
): string {
  if (inv.status === 'paused') return inv.pausedUntil ? `paused until ${inv.pausedUntil}` : 'on hold';
  if (inv.status === 'disputed') return 'on hold';
  if (inv.status !== 'open') return '—';
  // No next step: every step went out, or a lead rejected the next one (the ladder waits for them).
  if (!upcoming) return inv.reminders.some((r) => r.step >= steps) ? 'ladder finished' : 'waiting for a lead';
  if (!upcoming.drafted && upcoming.at.getTime() <= now.getTime()) return `Step ${upcoming.step} · due now`;
  const at = DateTime.fromJSDate(upcoming.at).setZone(zone).toFormat(`${WHEN}, HH:mm`);
  return `Step ${upcoming.step} · ${at}`;
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
  upcoming: Upcoming,
  /** Who an actor is in words (audit-words.ts actorName); the stored actor when not given. */
  name: (actor: string) => string = (a) => a,
): InvoiceRow {
  const zone = inv.client.timezone ?? inbox.timezone;
  const language = (inv.client.language ?? inbox.language) as Language;
  return {
    inv,
    amount: formatAmount(inv.amount, inv.currency, language),
    zone,
    daysOverdue: daysOverdue(inv, zone, now),
    lastStep: lastStepText(inv, lastDraft, zone),
    nextStep: nextStepText(inv, ladderSteps(inbox, inv.client).length, upcoming, now, zone),
    actions: BUTTONS.filter((a) => canApplyAction(a, inv.status)),
    lastChange: lastChangeText(inv, zone, name),
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
