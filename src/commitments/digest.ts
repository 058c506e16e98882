import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import type { InboxConfig, UserConfig } from '../config/schema.ts';
import type { DigestJob } from '../queue/definitions.ts';
import { nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';
import { inboxCalendar } from '../drafts/send-at.ts';
import { digestContent, inboxesOf, isEmpty } from './digest-content.ts';
import { digestText } from './digest-text.ts';
import { DeliveryError, emailLead, noticeMessageId } from './notify.ts';

/**
 * The morning digest (issue 13): each working day, at the first opening of the lead's first inbox, one email per
 * lead with what waits — nothing when nothing waits. One delayed job per (lead, local date) with a deterministic
 * id; each run plans the next working day first (weekends and holidays skipped by the calendar), so the chain
 * survives a failed send. The email is claimed in the store before it is sent: at most one per lead and day,
 * whatever crashes or runs twice (as the alerts, src/commitments/alert-job.ts).
 */

/** Leads who get a digest: leads and admins who answer for an inbox and did not opt out (`digest: false`). */
export const digestLeads = (ctx: AppContext) =>
  ctx.config.users.filter((u) => u.digest && inboxesOf(ctx, u).length > 0);

/** Whose calendar a lead's digest follows: their first inbox (an admin's: the first configured one). */
export function digestInbox(ctx: AppContext, u: UserConfig): InboxConfig {
  const first = inboxesOf(ctx, u)[0];
  return ctx.config.inboxes.find((i) => i.id === first) ?? ctx.config.inboxes[0]!;
}

/**
 * The first opening of a working day at or after `from`: today's if it is still ahead (or now), else the next
 * working day's. A lunch-break reopening is no "first opening".
 */
export function nextDigestAt(cal: OfficeCalendar, from: Date): DateTime {
  const candidate = nextOpening(cal, from);
  const firstOfDay = nextOpening(cal, candidate.startOf('day').toJSDate());
  if (firstOfDay.toMillis() === candidate.toMillis()) return candidate;
  return nextOpening(cal, candidate.plus({ days: 1 }).startOf('day').toJSDate());
}

/** Plans the lead's next digest at or after `from` (a no-op when it is planned). */
export async function planDigest(ctx: AppContext, u: UserConfig, from: Date): Promise<DigestJob> {
  const at = nextDigestAt(inboxCalendar(digestInbox(ctx, u)), from);
  const job: DigestJob = { user: u.email.toLowerCase(), date: at.toISODate()! };
  await ctx.queues.digest.enqueue(job, { delay: at.toMillis() - ctx.clock.now().getTime() });
  return job;
}

/** Plans every lead's next digest; run when a digest worker starts (a config with new leads takes effect). */
export async function planAllDigests(ctx: AppContext): Promise<number> {
  const leads = digestLeads(ctx);
  for (const u of leads) await planDigest(ctx, u, ctx.clock.now());
  return leads.length;
}

export type DigestOutcome =
  | { kind: 'sent'; to: string; subject: string }
  | { kind: 'none'; reason: string }
  | { kind: 'wait'; until: Date };

export async function runDigest(ctx: AppContext, job: DigestJob): Promise<DigestOutcome> {
  const u = ctx.config.users.find((x) => x.email.toLowerCase() === job.user.toLowerCase());
  if (!u || !u.digest || inboxesOf(ctx, u).length === 0)
    return { kind: 'none', reason: 'not a lead with a digest' };
  const inbox = digestInbox(ctx, u);
  const cal = inboxCalendar(inbox);
  const dayStart = DateTime.fromISO(job.date, { zone: cal.timezone }).startOf('day');
  const at = nextDigestAt(cal, dayStart.toJSDate());
  const now = ctx.clock.now();
  const working = at.toISODate() === job.date;
  if (working && now.getTime() < at.toMillis() - 1000) return { kind: 'wait', until: at.toJSDate() };
  await planDigest(ctx, u, dayStart.plus({ days: 1 }).toJSDate());

  if (!working) return { kind: 'none', reason: `${job.date} is no working day` };
  if (DateTime.fromJSDate(now, { zone: cal.timezone }).toISODate() !== job.date)
    return { kind: 'none', reason: 'the day is over (the service was not running)' };
  const content = await digestContent(ctx, u, cal.timezone);
  if (isEmpty(content)) return { kind: 'none', reason: 'nothing to report' };
  const parts = ['digest', u.email.toLowerCase(), job.date];
  if (!(await ctx.stores.deliveryClaims.claim(parts))) return { kind: 'none', reason: 'already sent' };
  const words = digestText(content, cal.timezone, job.date, u.name);
  try {
    await emailLead(ctx, inbox, { to: u.email, ...words, messageId: noticeMessageId(inbox, parts) });
  } catch (err) {
    if (err instanceof DeliveryError && err.definite) await ctx.stores.deliveryClaims.release(parts);
    throw err;
  }
  await ctx.stores.deliveryClaims.markSent(parts);
  return { kind: 'sent', to: u.email, subject: words.subject };
}
