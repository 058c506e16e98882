import type { Config, InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import type { NewDraft } from '../store/drafts.ts';
import { newOutgoingMessageId } from '../model/ids.ts';
import { addBusinessHours, nextOpening } from '../triage/office-hours.ts';
import { autoReplySubject, baseSubject, replySubject, threadHeaders } from '../mail/threading.ts';
import { cleanClientName } from './client-name.ts';
import { formatOfficeHours, formatWhen } from './locale-format.ts';
import { inboxCalendar } from './send-at.ts';
import { renderTemplate } from './templates.ts';

/** The reply kinds this module drafts (payment reminders are drafted by src/reminders). */
export type ReplyKind = 'after-hours' | 'angry' | 'angry-after-hours';

const SUPPORTED = new Set(['en', 'sv', 'it', 'de', 'fr', 'es']);
const MAX_TOPIC = 80;

/**
 * Which reply a triaged message gets, or null (tone.md):
 * - automated mail, or mail RFC 3834 says not to answer (`autoReply.allowed` false): nothing — except that
 *   the per-sender limit (`rate-limited`) only stops unattended acknowledgements, not drafts a lead reviews;
 * - angry and after hours: one combined message; angry: the calm answer; after hours: the boundary note;
 * - anything else in office hours: nothing to acknowledge (a person answers it).
 */
export function decideReplyKind(t: TriageResult): ReplyKind | null {
  if (t.categories.includes('automated')) return null;
  // `rate-limited` only forbids another *automatic* response (RFC 3834 §2); whether this draft would be one
  // is the inbox policy's call, made by the draft job. A lead's reply to an angry client is a human reply.
  if (!t.autoReply.allowed && t.autoReply.reason !== 'rate-limited') return null;
  if (t.angry && t.afterHours) return 'angry-after-hours';
  if (t.angry) return 'angry';
  if (t.afterHours) return 'after-hours';
  return null;
}

/** Sent without a lead? `angry` and `angry-after-hours` follow the `angry` policy. */
export function isUnattended(inbox: InboxConfig, kind: ReplyKind): boolean {
  return kind === 'after-hours' ? inbox.autoSend['after-hours'] : inbox.autoSend.angry;
}

/**
 * The subject as the reply names it (tone.md: name the subject, never mirror the tone): no "!!!", no
 * shouted words (four or more capitals; shorter ones are usually acronyms like SEO or PDF).
 * The Subject header itself keeps the client's words: threading needs a matching subject (Gmail).
 */
export function calmTopic(subject: string): string {
  let t = baseSubject(subject);
  const letters = t.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  // A whole subject in capitals becomes sentence case.
  if (letters.length >= 6 && upper / letters.length > 0.7) t = t.charAt(0) + t.slice(1).toLocaleLowerCase();
  t = t
    .replace(/[!¡]+/g, '')
    .replace(/([?¿])[?¿!]+/g, '$1')
    .replace(/\p{Lu}{4,}/gu, (w) => w.toLocaleLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > MAX_TOPIC ? `${t.slice(0, MAX_TOPIC - 1)}…` : t;
}

const bare = (addr: string | null | undefined) => (addr ?? '').trim().replace(/^<|>$/g, '').trim();

/**
 * Who gets the reply. An unattended acknowledgement goes to the Return-Path only (RFC 3834 §4: From and
 * Reply-To may name a whole list); a lead-approved reply is a human reply: Reply-To, else From (RFC 5322 §3.6.2).
 */
export function replyRecipient(record: MessageRecord, unattended: boolean): string | null {
  const addr = unattended
    ? bare(record.returnPath)
    : bare(record.replyTo[0]?.address ?? record.from?.address);
  return /^[^\s<>@,;"]+@[^\s<>@,;"]+$/.test(addr) ? addr.toLowerCase() : null;
}

export interface ComposeInput {
  config: Config;
  inbox: InboxConfig;
  record: MessageRecord & { triage: TriageResult };
  kind: ReplyKind;
  now: Date;
}

/** The draft for a message: rendered text, recipient, threading and promise. Null when nobody can be answered. */
export function composeReplyDraft({ config, inbox, record, kind, now }: ComposeInput): NewDraft | null {
  const unattended = isUnattended(inbox, kind);
  const to = replyRecipient(record, unattended);
  if (!to) return null;
  const cal = inboxCalendar(inbox);
  const language = SUPPORTED.has(record.triage.language) ? record.triage.language : inbox.language;
  const opening = nextOpening(cal, now);
  const angry = kind !== 'after-hours';
  const promisedBy = angry
    ? addBusinessHours(cal, opening.toJSDate(), inbox.promiseBusinessHours).toJSDate()
    : null;
  const topic = calmTopic(record.subject);
  const signer = inbox.signature?.name ?? config.agency.name;
  const vars = {
    clientName: cleanClientName(record.from?.name),
    agencyName: config.agency.name,
    signer,
    signature: [signer, inbox.signature?.title, signer === config.agency.name ? null : config.agency.name]
      .filter(Boolean)
      .join('\n'),
    officeHours: formatOfficeHours(inbox.officeHours, language),
    nextOpening: formatWhen(opening.toJSDate(), language, inbox.timezone),
    promisedBy: promisedBy ? formatWhen(promisedBy, language, inbox.timezone) : '',
    topic,
    replySubject: unattended ? autoReplySubject(record.subject) : replySubject(record.subject),
  };
  const rendered = renderTemplate(kind, language, vars, {
    dir: config.templates.dir,
    fallbackLanguage: inbox.language,
  });
  const thread = threadHeaders(record);
  return {
    inbox: inbox.id,
    messageId: record.messageId,
    recordId: record.id,
    invoiceId: null,
    step: null,
    kind,
    language: rendered.language,
    to,
    cc: [],
    subject: rendered.subject,
    body: rendered.body,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    unattended,
    sendAt: null,
    promisedBy: promisedBy ? promisedBy.toISOString() : null,
    priority: angry ? record.triage.angerScore : 0,
    outgoingMessageId: newOutgoingMessageId(inbox.address),
  };
}
