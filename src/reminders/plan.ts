import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { SafeError } from '../errors.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { clientCalendar, ladderSteps } from './calendar.ts';
import { planLadder, type PlannedStep } from './ladder.ts';

export function inboxOf(ctx: AppContext, id: string): InboxConfig {
  const inbox = ctx.config.inboxes.find((i) => i.id === id);
  if (!inbox) throw new SafeError('unknown_inbox', `no inbox "${id}"`, 404);
  return inbox;
}

/** The ladder of one invoice in its client's calendar. */
export function invoicePlan(inbox: InboxConfig, inv: InvoiceRecord): PlannedStep[] {
  return planLadder(inv.dueDate, ladderSteps(inbox, inv.client), clientCalendar(inbox, inv.client));
}
