import { DateTime } from 'luxon';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';
import { chaseable } from './stop-rules.ts';
import { latestDueStep, type PlannedStep } from './ladder.ts';

export type StepDecision =
  /** The invoice is settled or held: the step does nothing. */
  | { kind: 'stop'; reason: string }
  /** Not yet: run the step again at `until`. */
  | { kind: 'wait'; until: Date; reason: string }
  /** The step will never be sent: already done, or overtaken by a later step during an outage. */
  | { kind: 'skip'; reason: 'already-done' | 'superseded' }
  /** Draft the reminder now, to go out at `sendAt`. */
  | { kind: 'fire'; sendAt: Date };

export interface StepSituation {
  invoice: InvoiceRecord;
  plan: readonly PlannedStep[];
  step: number;
  now: Date;
  /** Highest step already drafted or skipped. */
  highestClaimed: number;
  cal: OfficeCalendar;
  minGapHours: number;
}

/**
 * What one ladder step does when its job runs. Pure.
 * Catch-up policy (invoiceninja#637, #11854): when several steps are due at once — after an outage, an import of
 * an old invoice, or a pause — only the latest due step is sent, once; the earlier ones are skipped for good and
 * the later ones keep their own dates. No burst of reminders, no ladder that silently stops.
 */
export function decideStep(s: StepSituation): StepDecision {
  const c = chaseable(s.invoice, s.now, s.cal.timezone);
  if (!c.ok) {
    if (c.reason === 'paused-until') return { kind: 'wait', until: c.resumeAt.toJSDate(), reason: 'paused' };
    return { kind: 'stop', reason: c.reason };
  }
  if (s.highestClaimed >= s.step) return { kind: 'skip', reason: 'already-done' };
  const planned = s.plan.find((p) => p.step === s.step);
  if (!planned) return { kind: 'stop', reason: 'no such step' };
  if (s.now.getTime() < planned.sendAt.toMillis()) {
    return { kind: 'wait', until: planned.sendAt.toJSDate(), reason: 'not yet due' };
  }
  if (latestDueStep(s.plan, s.now) > s.step) return { kind: 'skip', reason: 'superseded' };
  return { kind: 'fire', sendAt: sendInstant(s.invoice, s.now, s.cal, s.minGapHours) };
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
