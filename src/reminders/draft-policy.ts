import type { AppContext } from '../context.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { DraftPolicy, StillWanted } from '../drafts/policy.ts';
import { chaseable } from './stop-rules.ts';
import { clientCalendar } from './calendar.ts';
import { nextOpening } from '../triage/office-hours.ts';

/**
 * The last look before a payment reminder is approved or put on the wire (the send job and approval ask
 * through the draft policy). Payment news arrives late and from elsewhere (akaunting#259: reminders after
 * payment), so the invoice is read again: paid, disputed, paused, cancelled or deleted → the reminder must not
 * go. A reminder overtaken by a later step (it waited for approval while the ladder moved on) must not go either.
 */
async function isReminderStillWanted(ctx: AppContext, draft: DraftRecord): Promise<StillWanted> {
  if (!draft.invoiceId) return { wanted: true };
  const inv = await ctx.stores.invoices.get(draft.invoiceId);
  if (!inv) return { wanted: false, reason: 'the invoice no longer exists' };
  const tz = inv.client.timezone ?? ctx.config.inboxes.find((i) => i.id === inv.inbox)?.timezone ?? 'UTC';
  const c = chaseable(inv, ctx.clock.now(), tz);
  if (!c.ok)
    return {
      wanted: false,
      reason: `invoice ${inv.number} is ${c.reason === 'paused-until' ? 'paused' : c.reason}`,
    };
  const later = inv.reminders.find((r) => r.state === 'drafted' && (r.step ?? 0) > (draft.step ?? 0));
  if (later) return { wanted: false, reason: `step ${later.step} superseded it` };
  return { wanted: true };
}

/**
 * When an approved reminder goes out: the first opening of the *client's* calendar at or after the approval,
 * the time the lead asked for and the draft's planned sendAt (whichever is latest), so a lead approving late in
 * Stockholm does not reach a client in New York at dawn, nor anyone at a weekend.
 */
async function reminderSendAt(ctx: AppContext, draft: DraftRecord, requested?: Date): Promise<Date | null> {
  if (!draft.invoiceId) return null;
  const inv = await ctx.stores.invoices.get(draft.invoiceId);
  const inbox = inv && ctx.config.inboxes.find((i) => i.id === inv.inbox);
  if (!inv || !inbox) return null;
  // Never before the draft's own sendAt: it already holds the minimum gap after the previous message.
  const base = Math.max(
    ctx.clock.now().getTime(),
    requested?.getTime() ?? 0,
    Date.parse(draft.sendAt ?? '') || 0,
  );
  return nextOpening(clientCalendar(inbox, inv.client), new Date(base)).toJSDate();
}

/** Payment reminders: re-checked against the invoice, timed in the client's calendar, never cancelled by a reply. */
export const reminderDraftPolicy: DraftPolicy<AppContext> = {
  stillWanted: isReminderStillWanted,
  sendAt: reminderSendAt,
  // A reminder's thread holds our earlier reminders: an agency message there is no answer to this one.
  cancelledByAgencyAnswer: false,
};
