import type { Config, InboxConfig } from '../config/schema.ts';
import { greetedPerson, greetingLine } from '../drafts/greeting.ts';
import { answerTo, replyRecipient } from '../drafts/compose.ts';
import { inboxCalendar } from '../drafts/send-at.ts';
import { renderReply } from '../drafts/reply-text.ts';
import { replySubject } from '../mail/threading.ts';
import type { ReplyRender } from '../model/draft-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { LANGUAGES, type Language } from '../model/languages.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import type { NewDraft } from '../store/drafts.ts';
import { addBusinessHours, nextOpening } from '../triage/office-hours.ts';
import { formatAmount, formatDate } from './format.ts';

/** Which template answers which payment talk: `config/templates/<lang>/payment-reply-<kind>.eta`. */
export type PaymentReplyKind = 'promise' | 'paid' | 'dispute' | 'extension' | 'other';
export const paymentReplyKind = (p: TriageResult['payment']): PaymentReplyKind =>
  p === 'none' ? 'other' : p;

/** Replies that say when the client hears from us again; a promise or "we paid" needs no answer time. */
const ANSWERS_BY: ReadonlySet<PaymentReplyKind> = new Set(['dispute', 'extension', 'other']);

/**
 * Client replies sort above reminders in the Payment group (reminders carry their step, 1–4): a client is
 * waiting for an answer. Within them, angrier mail first.
 */
const REPLY_PRIORITY = 5;

export interface PaymentReplyInput {
  config: Config;
  inbox: InboxConfig;
  invoice: InvoiceRecord;
  record: MessageRecord & { triage: TriageResult };
  /** The date the client promised (src/reminders/promised-date.ts), local ISO date; null when none. */
  promisedDate: string | null;
  now: Date;
}

/** The language of the answer: the one the client wrote in, else the invoice's, else the inbox's. */
function replyLanguage(inbox: InboxConfig, inv: InvoiceRecord, t: TriageResult): Language {
  const wrote = (LANGUAGES as readonly string[]).includes(t.language) ? (t.language as Language) : null;
  return wrote ?? inv.client.language ?? (inbox.language as Language);
}

/**
 * Who the reply greets (docs/tone-rules.md: a person by name, else the language's neutral greeting): the person who wrote,
 * else the invoice's contact when that is a person rather than a company ("Kund AB" gets "Hej,").
 */
function whoToGreet(inv: InvoiceRecord, record: MessageRecord) {
  const writer = greetedPerson(record.from?.name, record.from?.address);
  return writer.kind === 'person' ? writer : greetedPerson(inv.client.name, inv.client.email);
}

/**
 * The draft a lead gets for a client's mail about an invoice (docs/tone-rules.md): thanks, the invoice by number and
 * amount, for a promise the date the client gave, for a dispute that a person looks into it and answers by a
 * concrete time — never an argument. Pure. Always pending and never unattended: a person answers payment mail.
 * Its id is the message's draft id (`m_<recordId>`), so the draft job finds it and drafts no acknowledgement of
 * its own for the same message. Null when nobody can be answered.
 */
export function buildPaymentReply(input: PaymentReplyInput): NewDraft | null {
  const { config, inbox, invoice: inv, record, now } = input;
  const to = replyRecipient(record, false);
  if (!to) return null;
  const t = record.triage;
  const kind = paymentReplyKind(t.payment);
  const language = replyLanguage(inbox, inv, t);
  const cal = inboxCalendar(inbox);
  const promisedBy = ANSWERS_BY.has(kind)
    ? addBusinessHours(cal, nextOpening(cal, now).toJSDate(), inbox.promiseBusinessHours).toJSDate()
    : null;
  const signer = inbox.signature?.name ?? config.agency.name;
  // The words are fixed now; the answer time (`it.promisedBy`) is rendered by the reply drafts' renderer, again
  // when the draft goes out and when a lead changes the promised time (src/drafts/reply-text.ts).
  const render: ReplyRender = {
    template: `payment-reply-${kind}`,
    language,
    words: {
      greeting: greetingLine(language, whoToGreet(inv, record)),
      number: inv.number,
      amount: formatAmount(inv.amount, inv.currency, language),
      dueDate: formatDate(inv.dueDate, language),
      promisedDate: input.promisedDate ? formatDate(input.promisedDate, language) : '',
      agencyName: config.agency.name,
      signature: [signer, inbox.signature?.title, signer === config.agency.name ? null : config.agency.name]
        .filter(Boolean)
        .join('\n'),
      replySubject: replySubject(record.subject),
    },
    // The answer time is named on the inbox's clock, plus the client's own when their Date header differs.
    clientOffset: record.dateOffset ?? null,
    urgent: false,
  };
  const promisedIso = promisedBy ? promisedBy.toISOString() : null;
  const rendered = renderReply(config, inbox, render, promisedIso, now);
  return {
    ...answerTo(record, inbox, to, rendered),
    // The web view shows the invoice beside the client's message from this id.
    invoiceId: inv.id,
    step: null,
    kind: 'payment-reply',
    unattended: false,
    promisedBy: promisedIso,
    render,
    priority: REPLY_PRIORITY + (t.angry ? t.angerScore : 0),
  };
}
