import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.ts';
import type { Language } from '../../model/languages.ts';
import type { InvoiceContext } from '../../reminders/invoice-context.ts';
import { formatAmount } from '../../reminders/format.ts';
import { daysOverdue } from './invoice-rows.ts';
import { clockTime } from './audit-words.ts';

/**
 * The invoice beside a payment draft, worded for the template: number, amount in the client's currency, due
 * date, days overdue, step n of 4, earlier reminders with their dates and the client's last mail about it.
 * Never an internal id. Pure.
 */
export interface InvoicePanel {
  number: string;
  client: string;
  email: string;
  amount: string;
  due: string;
  overdue: string;
  status: string;
  /** "Step 2 of 4" for a reminder; null for a reply about the invoice. */
  step: string | null;
  earlier: { step: string; what: string }[];
  lastMail: { when: string; about: string; subject: string; text: string } | null;
  /** The zone the dates are said in (the inbox's). */
  zone: string;
}

const STATUS: Record<string, string> = {
  sent: 'sent',
  scheduled: 'goes out',
  sending: 'going out',
  pending: 'waiting for approval, planned for',
  rejected: 'rejected by a lead, was planned for',
  cancelled: 'withdrawn, was planned for',
  failed: 'could not be sent, was planned for',
  gone: 'planned for',
};

const PAYMENT: Record<string, string> = {
  promise: 'promises to pay',
  paid: 'says it is paid',
  dispute: 'disputes it',
  extension: 'asks for more time',
  none: 'writes about it',
};

const INVOICE_STATUS: Record<string, string> = {
  open: 'open, reminders running',
  paused: 'paused',
  disputed: 'disputed: reminders stopped',
  paid: 'paid',
  cancelled: 'cancelled',
};

function overdueWords(days: number): string {
  if (days > 1) return `${days} days overdue`;
  if (days === 1) return '1 day overdue';
  if (days === 0) return 'due today';
  return `due in ${-days} day${days === -1 ? '' : 's'}`;
}

/** At most this much of the client's mail is quoted; the message page has the rest. */
const QUOTE = 1200;

export function invoicePanel(
  config: Config,
  c: InvoiceContext,
  draft: { kind: string; step: number | null },
  zone: string,
  now: Date,
): InvoicePanel {
  const inv = c.invoice;
  const inbox = config.inboxes.find((i) => i.id === inv.inbox);
  const language = (inv.client.language ?? inbox?.language ?? 'en') as Language;
  const clientZone = inv.client.timezone ?? inbox?.timezone ?? zone;
  const last = c.lastClientMail;
  const text = last?.message?.text.trim() ?? '';
  return {
    number: inv.number,
    client: inv.client.name,
    email: inv.client.email,
    amount: formatAmount(inv.amount, inv.currency, language),
    due: DateTime.fromISO(inv.dueDate).toFormat('ccc d LLL yyyy'),
    overdue: overdueWords(daysOverdue(inv, clientZone, now)),
    status:
      inv.status === 'paused' && inv.pausedUntil
        ? `paused until ${DateTime.fromISO(inv.pausedUntil).toFormat('ccc d LLL')}`
        : (INVOICE_STATUS[inv.status] ?? inv.status),
    step: draft.kind === 'payment-reminder' && draft.step ? `Step ${draft.step} of ${c.steps}` : null,
    earlier: c.earlier.map((e) => ({
      step: `Step ${e.step}`,
      what: e.status === 'skipped' ? 'skipped' : `${STATUS[e.status] ?? e.status} ${clockTime(e.at, zone)}`,
    })),
    lastMail: last
      ? {
          when: clockTime(last.receivedAt, zone),
          about: PAYMENT[last.payment] ?? 'writes about it',
          subject: last.message?.subject ?? '',
          text: text.length > QUOTE ? `${text.slice(0, QUOTE - 1)}…` : text,
        }
      : null,
    zone,
  };
}
