import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { addBusinessHours } from '../triage/office-hours.ts';
import type { DraftPolicy, StillWanted } from './policy.ts';
import { inboxCalendar } from './send-at.ts';

const WANTED: StillWanted = { wanted: true };
/** "Mon 23 Nov, 09:00 (Europe/Stockholm)": audit lines and page messages name times on the inbox's clock. */
const show = (at: string | Date, zone: string) =>
  `${DateTime.fromJSDate(new Date(at)).setZone(zone).toFormat('ccc d LLL, HH:mm')} (${zone})`;
const zoneOf = (ctx: AppContext, d: DraftRecord) =>
  ctx.config.inboxes.find((i) => i.id === d.inbox)?.timezone ?? 'UTC';

/**
 * An answer promised by a time that has passed would promise the past: the client is owed a person's answer
 * now, not an acknowledgement (the lead sees why it was withdrawn).
 */
function promiseStillAhead(ctx: AppContext, d: DraftRecord, at: Date): StillWanted {
  if (d.promisedBy && Date.parse(d.promisedBy) <= at.getTime())
    return {
      wanted: false,
      reason: `the promised answer time (${show(d.promisedBy, zoneOf(ctx, d))}) passed before this could go out: answer the client directly`,
    };
  return WANTED;
}

/**
 * An after-hours acknowledgement is worth sending only around the opening it announces. One that cannot go out
 * before the office has been open `ackStaleAfterHours` business hours would arrive late, next to (or after) a
 * person's answer: withdrawn instead, with the reason in its audit trail.
 */
async function ackStillTimely(ctx: AppContext, d: DraftRecord, at: Date): Promise<StillWanted> {
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox);
  const record = d.recordId ? await ctx.stores.messages.get(d.recordId) : null;
  const opened = record?.triage?.nextOpening;
  if (!inbox || !opened) return WANTED;
  const staleAt = addBusinessHours(
    inboxCalendar(inbox),
    new Date(opened),
    inbox.ackStaleAfterHours,
  ).toJSDate();
  if (at.getTime() <= staleAt.getTime()) return WANTED;
  return {
    wanted: false,
    reason: `too late for an after-hours acknowledgement: the office has been open since ${show(opened, inbox.timezone)}, and a note arriving after ${show(staleAt, inbox.timezone)} would only come after a person's answer`,
  };
}

const replyPolicy = (
  check: (ctx: AppContext, d: DraftRecord, at: Date) => Promise<StillWanted> | StillWanted,
) =>
  ({
    stillWanted: async (ctx, d, at) => check(ctx, d, at),
    sendAt: async () => null,
    cancelledByAgencyAnswer: true,
  }) satisfies DraftPolicy<AppContext>;

/** The rules of each reply kind beyond the generic ones (wired in src/create-context.ts). */
export const replyDraftPolicies = {
  'after-hours': replyPolicy(ackStillTimely),
  angry: replyPolicy(promiseStillAhead),
  'angry-after-hours': replyPolicy(promiseStillAhead),
};
