import { DateTime } from 'luxon';
import { SafeError } from '../errors.ts';
import { isOpen, nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';

/** What a lead asked for when approving: the next opening (default), a chosen time, or now. */
export type SendRequest = { kind: 'next-opening' } | { kind: 'at'; at: Date } | { kind: 'now' };

export interface SendDecision {
  sendAt: Date;
  /** What the lead should know about the time chosen (shown on the page, returned by the API). */
  notes: string[];
}

/** A minute of slack: a time picked on the page a few seconds ago is "now", not "in the past". */
const PAST_SLACK_MS = 60_000;

const show = (at: Date, zone: string) => DateTime.fromJSDate(at).setZone(zone).toFormat('ccc d LLL, HH:mm');

/**
 * When an approved reply goes out — honestly: nothing is moved or accepted silently.
 * - next opening: the first open instant at or after now (docs/tone-rules.md: answering at 23:00 teaches a client that
 *   23:00 is fine);
 * - now: now, even outside office hours, with a warning that the client learns night answers are possible;
 * - a chosen time: refused when it is in the past or after the time promised to the client; moved forward to
 *   the next opening (never back) when the office is closed then, with a note saying so.
 */
export function decideSendAt(input: {
  cal: OfficeCalendar;
  now: Date;
  request: SendRequest;
  /** The promise made to the client, if any: the reply must arrive before it. */
  promisedBy: Date | null;
}): SendDecision {
  const { cal, now, request, promisedBy } = input;
  const zone = cal.timezone;
  if (request.kind === 'now') {
    const notes = isOpen(cal, now)
      ? []
      : [
          `Sent now, outside office hours: the client learns that answers at ${show(now, zone).split(', ')[1]} are possible.`,
        ];
    return { sendAt: now, notes };
  }
  if (request.kind === 'next-opening') return { sendAt: nextOpening(cal, now).toJSDate(), notes: [] };
  const at = request.at;
  if (at.getTime() < now.getTime() - PAST_SLACK_MS)
    throw new SafeError(
      'bad_request',
      `${show(at, zone)} (${zone}) is in the past: choose a later time.`,
      400,
    );
  const moved = nextOpening(cal, new Date(Math.max(at.getTime(), now.getTime()))).toJSDate();
  if (promisedBy && moved.getTime() > promisedBy.getTime())
    throw new SafeError(
      'bad_request',
      `${show(moved, zone)} (${zone}) is after the answer promised to the client for ${show(promisedBy, zone)}: choose an earlier time or change the promise.`,
      400,
    );
  const notes =
    moved.getTime() === Math.max(at.getTime(), now.getTime())
      ? []
      : [
          `Moved to the next opening, ${show(moved, zone)}: ${show(at, zone)} is outside office hours (${zone}).`,
        ];
  return { sendAt: moved, notes };
}
