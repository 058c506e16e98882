import type { AppContext } from '../context.ts';
import type { Principal } from '../access/principal.ts';
import type { DraftRecord, DraftStatus } from '../model/draft-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { InboxConfig } from '../config/schema.ts';
import { clientCalendar, ladderSteps } from './calendar.ts';
import { upcomingStep } from './decide.ts';
import { findInvoice } from './invoice-queries.ts';
import { invoicePlan } from './plan.ts';
import { readProgress } from './progress.ts';

/** One reminder step that fired before, as the lead needs to see it beside the next one. */
export interface EarlierReminder {
  step: number;
  /** The draft's status (sent, scheduled, rejected …), or `skipped` for a step an old catch-up rule passed over. */
  status: DraftStatus | 'skipped' | 'gone';
  /** When it was sent, else when it goes (or was to go) out, else when it was drafted (ISO). */
  at: string;
}

/** The client's mail about the invoice, newest last, as the page quotes it. */
export interface ClientMail {
  receivedAt: string;
  /** Triage's payment kind: promise, paid, dispute, extension or none. */
  payment: string;
  message: MessageRecord | null;
}

/** What a payment draft's page shows beside it: the invoice, where the ladder stands, what the client said. */
export interface InvoiceContext {
  invoice: InvoiceRecord;
  /** How many steps this invoice's ladder has (4 unless configured otherwise). */
  steps: number;
  /** Every step that fired except the draft's own, by step. */
  earlier: EarlierReminder[];
  /** The client's latest mail about the invoice other than the one the draft answers; null when none. */
  lastClientMail: ClientMail | null;
}

/**
 * The invoice context of a payment reminder or a reply about an invoice, read as the principal may see it
 * (null when the draft has no invoice, or it is gone or not theirs). Drafts and messages are read only from the
 * invoice's own inbox.
 */
export async function invoiceContextFor(
  ctx: AppContext,
  principal: Principal,
  draft: Pick<DraftRecord, 'id' | 'invoiceId' | 'recordId'>,
): Promise<InvoiceContext | null> {
  const invoice = await findInvoice(ctx, principal, draft.invoiceId);
  const inbox = invoice && ctx.config.inboxes.find((i) => i.id === invoice.inbox);
  if (!invoice || !inbox) return null;
  const sameInbox = <T extends { inbox: string }>(r: T | null) => (r && r.inbox === invoice.inbox ? r : null);
  const earlier = await Promise.all(
    [...invoice.reminders]
      .filter((r) => r.draftId !== draft.id)
      .sort((a, b) => a.step - b.step)
      .map(async (r): Promise<EarlierReminder> => {
        if (r.state === 'skipped') return { step: r.step, status: 'skipped', at: r.at };
        const d = r.draftId ? sameInbox(await ctx.stores.drafts.get(r.draftId)) : null;
        if (!d) return { step: r.step, status: 'gone', at: r.sendAt ?? r.at };
        return { step: r.step, status: d.status, at: d.sentAt ?? d.sendAt ?? r.sendAt ?? r.at };
      }),
  );
  const mails = clientMailRefs(invoice).filter((m) => m.recordId !== draft.recordId);
  const last = mails.at(-1);
  const lastClientMail = last
    ? {
        receivedAt: last.receivedAt,
        payment: last.payment,
        message: sameInbox(await ctx.stores.messages.get(last.recordId)),
      }
    : null;
  return { invoice, steps: ladderSteps(inbox, invoice.client).length, earlier, lastClientMail };
}

/**
 * The client's messages about the invoice, oldest first: the invoice's list of them, or for records older than
 * that list, the history lines that name a client's message (`message <id>: client replied …`).
 */
function clientMailRefs(inv: InvoiceRecord): { recordId: string; receivedAt: string; payment: string }[] {
  if (inv.clientMessages?.length) return inv.clientMessages;
  return inv.history.flatMap((h) => {
    const m = /^message (\S+): .*payment=(\w+)/.exec(h.detail ?? '');
    return m && h.action !== 'auto-reply-noted'
      ? [{ recordId: m[1]!, receivedAt: h.at, payment: m[2]! }]
      : [];
  });
}

/**
 * The reminder that goes out next for an invoice and when, by the ladder's own rule (decide.ts upcomingStep:
 * one step at a time, the gentle step first however overdue): for the invoices page. Null when the ladder is
 * done or held. The invoice is one the caller already read through the access rules.
 */
export async function upcomingReminder(
  ctx: AppContext,
  inbox: InboxConfig,
  invoice: InvoiceRecord,
): Promise<{ step: number; at: Date; drafted: boolean } | null> {
  return upcomingStep({
    invoice,
    plan: invoicePlan(inbox, invoice),
    progress: await readProgress(ctx, invoice),
    now: ctx.clock.now(),
    cal: clientCalendar(inbox, invoice.client),
    minGapHours: inbox.reminders.minGapHours,
  });
}
