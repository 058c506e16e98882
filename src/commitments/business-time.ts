import { DateTime } from 'luxon';
import { nextOpening, openIntervals, type OfficeCalendar } from '../triage/office-hours.ts';

/**
 * Business-time arithmetic beyond src/triage/office-hours.ts (which adds hours forward): counting the open time
 * between two instants, counting hours backwards from a deadline, and adding working days. All of it walks the
 * calendar's own local days (openIntervals), so DST switches, holidays and split shifts are the calendar's
 * business, never a fixed 24-hour day.
 */

/** No reply-by clock spans more than this; beyond it the calendar is treated as misconfigured. */
const MAX_DAYS = 800;
const HOUR = 3_600_000;

/** Open office time between `from` and `to`, in hours (0 when `to` is not after `from`). */
export function businessHoursBetween(cal: OfficeCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const start = DateTime.fromJSDate(from).setZone(cal.timezone);
  const end = to.getTime();
  let total = 0;
  let day = start.startOf('day');
  for (let i = 0; i < MAX_DAYS && day.toMillis() < end; i++, day = day.plus({ days: 1 })) {
    for (const iv of openIntervals(cal, day)) {
      const s = Math.max(iv.start.toMillis(), from.getTime());
      const e = Math.min(iv.end.toMillis(), end);
      if (e > s) total += e - s;
    }
  }
  return total / HOUR;
}

/**
 * The instant `hours` of open office time before `at` ("2 business hours before the reply-by time"). A deadline
 * at Tuesday 10:00 in a 09:00–17:00 office, minus 2 hours, is Monday 16:00.
 */
export function subtractBusinessHours(cal: OfficeCalendar, at: Date, hours: number): Date {
  let remaining = Math.round(hours * HOUR);
  if (remaining <= 0) return at;
  const t = at.getTime();
  let day = DateTime.fromJSDate(at).setZone(cal.timezone);
  for (let i = 0; i < MAX_DAYS; i++, day = day.minus({ days: 1 })) {
    for (const iv of [...openIntervals(cal, day)].reverse()) {
      const start = iv.start.toMillis();
      if (start >= t) continue;
      const end = Math.min(iv.end.toMillis(), t);
      if (remaining <= end - start) return new Date(end - remaining);
      remaining -= end - start;
    }
  }
  throw new Error(`cannot count ${hours} business hours back in ${cal.timezone}`);
}

/**
 * `days` working days after `from`, at the same local time of day ("no answer for 3 business days": Monday
 * 10:00 → Thursday 10:00; with Good Friday and Easter Monday closed, Thursday 10:00 → the next Thursday). Mail
 * written outside office hours counts from the next opening; a time of day the target day is closed at moves
 * to that day's next opening.
 */
export function addBusinessDays(cal: OfficeCalendar, from: Date, days: number): Date {
  const start = nextOpening(cal, from);
  let day = start;
  for (let counted = 0, i = 0; counted < days; i++) {
    if (i > MAX_DAYS) throw new Error(`cannot add ${days} business days in ${cal.timezone}`);
    day = day.plus({ days: 1 });
    if (openIntervals(cal, day).length > 0) counted++;
  }
  // plus({days}) keeps the wall-clock time across a DST switch; a time in a spring-forward gap moves on.
  return nextOpening(cal, day.toJSDate()).toJSDate();
}
