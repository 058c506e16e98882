import { DateTime } from 'luxon';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';
import { chaseable } from './stop-rules.ts';
import { earliestAfter, type PlannedStep } from './ladder.ts';
import { nextUnsent, type StepProgress } from './progress.ts';

export type StepDecision =
  /** The invoice is settled or held: the step does nothing. */
  | { kind: 'stop'; reason: string }
  /** Not yet: run the step again at `until`. */
  | { kind: 'wait'; until: Date; reason: string }
  /** Nothing to do for this step: it was sent, or its draft is waiting for a lead or for its send time. */
  | { kind: 'skip'; reason: 'already-done' }
  /** A lead rejected the reminder of the next step: the ladder waits until a lead resumes the invoice. */
  | { kind: 'hold'; reason: string }
  /** Draft the reminder now (the `attempt`-th draft of the step), to go out at `sendAt`. */
  | { kind: 'fire'; sendAt: Date; attempt: number };

export interface StepSituation {
  invoice: InvoiceRecord;
  plan: readonly PlannedStep[];
  /** Every step's state (src/reminders/progress.ts). */
  progress: readonly StepProgress[];
  step: number;
  now: Date;
  cal: OfficeCalendar;
  minGapHours: number;
}

/** A step that waits for an earlier one looks again no sooner than this, even when the ladder has no gap. */
const RECHECK_MS = 3600_000;

/**
 * What one ladder step does when its job runs. Pure.
 *
 * The ladder goes one step at a time, in order, on what the client actually received (issue 12; docs/tone-rules.md
 * "face-saving first, firmness later"): the first message about an invoice is always the gentle step 1, however
 * overdue the invoice is; step n+1 waits until step n was sent and then keeps the ladder's gap after that send,
 * and never goes before its own planned day. So no step mentions reminders that never went out, "work is
 * paused" is never a first contact, and after an outage, an import of an old invoice or a pause exactly one
 * reminder goes out — the next unsent step — never a burst and never a skipped gentle step (invoiceninja#637,
 * #11854 chose the other way: the latest due step only).
 */
export function decideStep(s: StepSituation): StepDecision {
  const c = chaseable(s.invoice, s.now, s.cal.timezone);
  if (!c.ok) {
    if (c.reason === 'paused-until') return { kind: 'wait', until: c.resumeAt.toJSDate(), reason: 'paused' };
    return { kind: 'stop', reason: c.reason };
  }
  if (!s.plan.some((p) => p.step === s.step)) return { kind: 'stop', reason: 'no such step' };
  const next = nextUnsent(s.progress);
  if (!next || s.step < next.step) return { kind: 'skip', reason: 'already-done' };
  const state = next.state;
  if (state.kind === 'dropped' && state.by === 'lead')
    return { kind: 'hold', reason: `the step ${next.step} reminder was rejected by ${state.actor}` };
  if (s.step > next.step) {
    return {
      kind: 'wait',
      until: earliestPossible(s, next).toJSDate(),
      reason: `step ${next.step} not sent yet`,
    };
  }
  if (state.kind === 'waiting') return { kind: 'skip', reason: 'already-done' };
  const due = startOf(s, s.step);
  if (s.now.getTime() < due.toMillis()) return { kind: 'wait', until: due.toJSDate(), reason: 'not yet due' };
  const attempt = state.kind === 'dropped' ? state.attempt + 1 : 1;
  return { kind: 'fire', sendAt: sendInstant(s.invoice, s.now, s.cal, s.minGapHours), attempt };
}

/** When a step that has no draft yet may be drafted: step 1 on its own day; a later one after the sent previous. */
function startOf(s: StepSituation, step: number): DateTime {
  const previous = s.progress.find((p) => p.step === step - 1)?.state;
  if (previous?.kind === 'sent') return earliestAfter(s.plan, step, previous.sentAt, s.cal);
  return s.plan.find((p) => p.step === step)!.sendAt;
}

/**
 * The soonest `s.step` could be due while `next` (an earlier step) is not sent: `next` goes out no sooner than
 * now (or its scheduled time), and every step after it keeps its gap. A lower bound, so waking then is never late.
 */
function earliestPossible(s: StepSituation, next: StepProgress): DateTime {
  const state = next.state;
  const base = state.kind === 'waiting' && state.sendAt ? state.sendAt.getTime() : 0;
  let at = DateTime.max(DateTime.fromJSDate(s.now), startOf(s, next.step), DateTime.fromMillis(base))!;
  for (let step = next.step + 1; step <= s.step; step++) {
    const gapped = earliestAfter(s.plan, step, at.toJSDate(), s.cal);
    at = DateTime.max(gapped, at.plus({ hours: s.minGapHours }))!;
  }
  return DateTime.max(at, DateTime.fromMillis(s.now.getTime() + RECHECK_MS))!;
}

/**
 * The first open instant in the client's calendar that keeps `minGapHours` after the last message about this
 * invoice (invoiceninja#9312: a "reminder" hours after the invoice reads like a duplicate).
 */
export function sendInstant(inv: InvoiceRecord, now: Date, cal: OfficeCalendar, minGapHours: number): Date {
  const last = lastContact(inv);
  let earliest = now.getTime();
  if (last !== null) earliest = Math.max(earliest, last + minGapHours * 3600_000);
  return nextOpening(cal, new Date(earliest)).toJSDate();
}

/** Latest known contact with the client about the invoice: recorded contact or a reminder's send time. */
export function lastContact(inv: InvoiceRecord): number | null {
  const times = [inv.lastContactAt, ...inv.reminders.map((r) => r.sendAt)]
    .filter((t): t is string => Boolean(t))
    .map((t) => DateTime.fromISO(t).toMillis());
  return times.length ? Math.max(...times) : null;
}

/**
 * The step that goes out next and when, as far as can be told now (for the invoices page): its draft's send
 * time when it is drafted, else the earliest it may be drafted. Null when the ladder is done or held.
 */
export function upcomingStep(
  s: Omit<StepSituation, 'step'>,
): { step: number; at: Date; drafted: boolean } | null {
  const next = nextUnsent(s.progress);
  if (!next || !chaseable(s.invoice, s.now, s.cal.timezone).ok) return null;
  const state = next.state;
  if (state.kind === 'dropped' && state.by === 'lead') return null;
  if (state.kind === 'waiting') return { step: next.step, at: state.sendAt ?? s.now, drafted: true };
  const due = startOf({ ...s, step: next.step }, next.step).toJSDate();
  return { step: next.step, at: due.getTime() < s.now.getTime() ? s.now : due, drafted: false };
}
