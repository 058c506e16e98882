import { DateTime } from 'luxon';

/**
 * A reply-by time in words on the inbox's clock, as a lead reads it at a glance: "due today 15:00", "due
 * tomorrow 09:30", "due Wed 25 Nov, 09:00", "overdue by 2 h". Pure: the page passes its clock and zone.
 */
export interface DeadlineWords {
  /** "due today 15:00", "overdue by 2 h". */
  text: string;
  overdue: boolean;
  /** The time itself, "Mon 23 Nov, 13:00" (the title of an overdue one, for "since when"). */
  at: string;
}

/** "45 min", "2 h", "3 d": a span of wall-clock time, rounded to what a lead would say. */
export function spanWords(ms: number): string {
  const mins = Math.max(1, Math.round(ms / 60_000));
  if (mins < 60) return `${mins} min`;
  const hours = Math.round(mins / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function deadlineWords(dueAt: string, now: Date, zone: string): DeadlineWords {
  const due = DateTime.fromISO(dueAt).setZone(zone);
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const at = due.toFormat('ccc d LLL, HH:mm');
  const left = due.toMillis() - now.getTime();
  if (left <= 0) return { text: `overdue by ${spanWords(-left)}`, overdue: true, at };
  const days = Math.round(due.startOf('day').diff(today, 'days').days);
  const clock = due.toFormat('HH:mm');
  const text = days === 0 ? `due today ${clock}` : days === 1 ? `due tomorrow ${clock}` : `due ${at}`;
  return { text, overdue: false, at };
}
