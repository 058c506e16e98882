import type { InboxConfig } from '../config/schema.ts';
import type { CommitmentBasis } from '../model/commitment-record.ts';
import { addBusinessHours, type OfficeCalendar } from '../triage/office-hours.ts';
import { subtractBusinessHours } from './business-time.ts';

/**
 * Reply-by times (issue 13). Until an acknowledgement that promises a time has been SENT, a client message
 * that needs an answer gets the inbox's target for its tone: urgent (something broken now) before angry before
 * the ordinary reply time, counted in business hours from its arrival.
 */
export function targetFor(
  inbox: Pick<InboxConfig, 'commitments'>,
  // `urgent` comes with the tone model's triage result; results stored before it have none.
  triage: { angry: boolean; urgent?: boolean },
): { basis: CommitmentBasis; hours: number } {
  const t = inbox.commitments;
  if (triage.urgent === true) return { basis: 'urgent', hours: t.urgentBusinessHours };
  if (triage.angry) return { basis: 'angry', hours: t.angryBusinessHours };
  return { basis: 'reply', hours: t.replyWithinBusinessHours };
}

export function dueAtFor(cal: OfficeCalendar, openedAt: Date, hours: number): Date {
  return addBusinessHours(cal, openedAt, hours).toJSDate();
}

/**
 * When the "due soon" alert fires: `alertBeforeBusinessHours` of open time before the reply-by time, but never
 * before the clock started (a 2-hour urgent target with a 2-hour warning warns at once). Null when there is no
 * warning (0 hours), or no open time lies between the start and the deadline.
 */
export function dueSoonAt(
  cal: OfficeCalendar,
  c: { openedAt: string; dueAt: string },
  alertBeforeBusinessHours: number,
): Date | null {
  if (alertBeforeBusinessHours <= 0) return null;
  const due = new Date(c.dueAt);
  const at = subtractBusinessHours(cal, due, alertBeforeBusinessHours);
  const opened = Date.parse(c.openedAt);
  const fire = Math.max(at.getTime(), opened);
  return fire < due.getTime() ? new Date(fire) : null;
}
