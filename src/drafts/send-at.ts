import { nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';
import type { InboxConfig } from '../config/schema.ts';

/** The office calendar of an inbox (time zone, weekly hours, holidays). */
export function inboxCalendar(inbox: InboxConfig): OfficeCalendar {
  return { timezone: inbox.timezone, officeHours: inbox.officeHours, holidays: inbox.holidays };
}

/**
 * When an approved reply goes out: the next office opening at or after the approval, never at night, at a
 * weekend or on a holiday (docs/tone-rules.md: answering at 23:00 teaches a client that 23:00 is fine).
 *
 * A time the lead asks for explicitly is honoured when the office is open then; if it falls outside office
 * hours it is rolled forward to the next opening (not back: a lead who wrote "Saturday" did not want Friday).
 * A requested time in the past counts as "now".
 */
export function scheduleSendAt(cal: OfficeCalendar, now: Date, requested?: Date): Date {
  const base = requested && requested.getTime() > now.getTime() ? requested : now;
  return nextOpening(cal, base).toJSDate();
}
