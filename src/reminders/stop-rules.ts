import { DateTime } from 'luxon';
import type { InvoiceRecord } from '../model/invoice-record.ts';

export type Chaseable =
  | { ok: true }
  | { ok: false; reason: 'paid' | 'disputed' | 'cancelled' | 'paused' }
  /** Paused until a date: chasing may resume at the returned local midnight. */
  | { ok: false; reason: 'paused-until'; resumeAt: DateTime };

/**
 * May this invoice be chased right now? Checked when a step fires, when a lead approves the draft and again
 * just before sending: the paid state lags behind the bank (akaunting#259, invoiceninja#2379), so every
 * moment that could put a reminder on the wire looks again.
 */
export function chaseable(inv: InvoiceRecord, now: Date, timezone: string): Chaseable {
  if (inv.status === 'paid' || inv.status === 'disputed' || inv.status === 'cancelled') {
    return { ok: false, reason: inv.status };
  }
  if (inv.status === 'paused') {
    if (!inv.pausedUntil) return { ok: false, reason: 'paused' };
    // "until 2026-12-01" means paused through that day in the client's calendar.
    const resumeAt = DateTime.fromISO(inv.pausedUntil, { zone: timezone }).plus({ days: 1 }).startOf('day');
    if (now.getTime() < resumeAt.toMillis()) return { ok: false, reason: 'paused-until', resumeAt };
  }
  return { ok: true };
}
