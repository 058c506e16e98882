import { DateTime } from 'luxon';
import type { Config, InboxConfig } from '../config/schema.ts';
import { greetedPerson, greetingLine } from '../drafts/greeting.ts';
import { renderTemplate } from '../drafts/templates.ts';
import type { NewDraft } from '../store/drafts.ts';
import { newOutgoingMessageId } from '../model/ids.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import type { Language } from '../model/languages.ts';
import { formatAmount, formatDate, reminderSubject } from './format.ts';
import { FINAL_STEP, projectedAt, type PlannedStep } from './ladder.ts';
import { clientCalendar } from './calendar.ts';

/** The template of a step: `config/templates/<lang>/payment-reminder-<step>.eta`. */
export const reminderTemplate = (step: number) => `payment-reminder-${step}`;

/**
 * The variables every payment-reminder template receives (`it.<name>`). Dates are local calendar dates in the
 * client's zone, written in their language.
 */
export function reminderVars(
  config: Config,
  inbox: InboxConfig,
  inv: InvoiceRecord,
  plan: PlannedStep[],
  step: number,
  sendAt: Date,
) {
  const language = (inv.client.language ?? inbox.language) as Language;
  const cal = clientCalendar(inbox, inv.client);
  const signer = inbox.signature?.name ?? config.agency.name;
  // Step 3 names the day work pauses: when step 4 could go out at the earliest if this step goes at sendAt
  // (step 4 keeps the ladder's gap after step 3's actual send, so it never comes before the day named).
  const pauseAt =
    step < FINAL_STEP ? projectedAt(plan, step, sendAt, FINAL_STEP, cal) : DateTime.fromJSDate(sendAt);
  return {
    /** docs/tone-rules.md: a person by name in the language's form, a company ("Kund AB") with the neutral greeting. */
    greeting: greetingLine(language, greetedPerson(inv.client.name, inv.client.email)),
    /** The invoice's client name as given (kept for templates in `templates.dir` written before `greeting`). */
    clientName: inv.client.name,
    number: inv.number,
    amount: formatAmount(inv.amount, inv.currency, language),
    dueDate: formatDate(inv.dueDate, language),
    issuedAt: formatDate(inv.issuedAt, language),
    pauseDate: formatDate(pauseAt.setZone(cal.timezone).toISODate()!, language),
    /**
     * The day the client said they would pay (src/reminders/promise.ts), '' when they gave none: a step after a
     * promise thanks them for it and asks whether the payment has gone out, instead of asking for a date again.
     */
    promisedDate: inv.promise ? formatDate(inv.promise.date, language) : '',
    agencyName: config.agency.name,
    /** Same shape as the reply drafts' signature: signer, title, agency (when the signer is a person). */
    signature: [signer, inbox.signature?.title, signer === config.agency.name ? null : config.agency.name]
      .filter(Boolean)
      .join('\n'),
  };
}

/**
 * The reminder draft for one step. Threading (RFC 5322 §3.6.4): the parent is the latest reminder already
 * drafted for the invoice, else the invoice email; References lists the invoice email and every reminder
 * before it. Without any known Message-ID the first reminder starts the thread and the later ones reply to it.
 */
export function buildReminderDraft(
  config: Config,
  inbox: InboxConfig,
  inv: InvoiceRecord,
  step: number,
  plan: PlannedStep[],
  sendAt: Date,
  attempt = 1,
): NewDraft {
  const language = inv.client.language ?? inbox.language;
  const vars = reminderVars(config, inbox, inv, plan, step, sendAt);
  const rendered = renderTemplate(reminderTemplate(step), language, vars, {
    dir: config.templates.dir,
    fallbackLanguage: inbox.language,
  });
  const earlier = inv.reminders
    .filter((r) => r.state === 'drafted' && r.step < step && r.outgoingMessageId)
    .sort((a, b) => a.step - b.step)
    .map((r) => r.outgoingMessageId!);
  const references = [...(inv.threadMessageId ? [inv.threadMessageId] : []), ...earlier];
  const parent = references[references.length - 1] ?? null;
  return {
    inbox: inbox.id,
    // Null on purpose: the send job cancels a reply when the agency already answered `messageId`, and in an
    // invoice thread every earlier reminder is such an answer. Threading rides on inReplyTo/references.
    messageId: null,
    recordId: null,
    invoiceId: inv.id,
    step,
    ...(attempt > 1 ? { attempt } : {}),
    kind: 'payment-reminder',
    language: rendered.language,
    to: inv.client.email,
    cc: inv.client.cc ?? [],
    subject: reminderSubject(inv.subject ?? rendered.subject, parent !== null),
    body: rendered.body,
    inReplyTo: parent,
    references,
    // A reminder is not a response to a message (RFC 3834 §5.2): it never takes the Return-Path-only path.
    unattended: false,
    sendAt: sendAt.toISOString(),
    promisedBy: null,
    priority: step,
    outgoingMessageId: newOutgoingMessageId(inbox.address),
  };
}
