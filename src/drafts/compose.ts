import type { Config, InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import { isAutomatedMail, type TriageResult } from '../model/triage-result.ts';
import type { NewDraft } from '../store/drafts.ts';
import { newOutgoingMessageId } from '../model/ids.ts';
import { addBusinessHours, nextOpening } from '../triage/office-hours.ts';
import { newTextOf } from '../triage/triage.ts';
import { threadHeaders } from '../mail/threading.ts';
import { inboxCalendar } from './send-at.ts';
import { renderReply, replyRenderFor, SUPPORTED_LANGUAGES, type ReplyKind } from './reply-text.ts';

export type { ReplyKind };

/**
 * Which reply a triaged message gets, or null (docs/tone-rules.md):
 * - automated mail (auto-replies, bounces, lists, bulk, no-reply senders, loops): nothing at all;
 * - angry and after hours: one combined message; angry: the calm answer; after hours: the boundary note;
 * - anything else in office hours: nothing to acknowledge (a person answers it).
 * Whether the draft may go out unattended is decided afterwards (`mayGoUnattended`).
 */
export function decideReplyKind(t: TriageResult): ReplyKind | null {
  if (isAutomatedMail(t)) return null;
  if (t.angry && t.afterHours) return 'angry-after-hours';
  if (t.angry) return 'angry';
  if (t.afterHours) return 'after-hours';
  return null;
}

/** An unattended (RFC 3834) acknowledgement is allowed only when the guard found nothing against it. */
export const mayGoUnattended = (t: TriageResult) => t.autoReply.allowed;

/** Sent without a lead? `angry` and `angry-after-hours` follow the `angry` policy. */
export function isUnattended(inbox: InboxConfig, kind: ReplyKind): boolean {
  return kind === 'after-hours' ? inbox.autoSend['after-hours'] : inbox.autoSend.angry;
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

/**
 * The draft for a message: its text (rendered for the time it would go out if approved now — it is rendered
 * again at send time), recipient, threading and promise. Null when nobody can be answered.
 * Urgent angry mail is promised a full answer within `promiseBusinessHoursUrgent` and sorts first in the queue.
 */
export function composeReplyDraft({ config, inbox, record, kind, now }: ComposeInput): NewDraft | null {
  const unattended = isUnattended(inbox, kind) && mayGoUnattended(record.triage);
  const to = replyRecipient(record, unattended);
  if (!to) return null;
  const cal = inboxCalendar(inbox);
  const language = SUPPORTED_LANGUAGES.has(record.triage.language) ? record.triage.language : inbox.language;
  const opening = nextOpening(cal, now);
  const angry = kind !== 'after-hours';
  // `urgent` comes with the tone model's triage result; results stored before it have none.
  const urgent = angry && record.triage.urgent === true;
  const hours = urgent ? inbox.promiseBusinessHoursUrgent : inbox.promiseBusinessHours;
  const promisedBy = angry ? addBusinessHours(cal, opening.toJSDate(), hours).toJSDate() : null;
  const render = replyRenderFor({
    config,
    inbox,
    record,
    kind,
    language,
    newText: newTextOf(record),
    unattended,
    urgent,
  });
  const rendered = renderReply(config, inbox, render, promisedBy?.toISOString() ?? null, opening.toJSDate());
  return {
    ...answerTo(record, inbox, to, rendered),
    invoiceId: null,
    step: null,
    kind,
    unattended,
    promisedBy: promisedBy ? promisedBy.toISOString() : null,
    // Urgent angry mail first, then by anger; acknowledgements of calm mail last.
    priority: angry ? record.triage.angerScore + (urgent ? 1 : 0) : 0,
    render: { ...render, language: rendered.language },
  };
}

/**
 * What every answer to a client's message shares: the message it answers, threaded under it, to whom, the words
 * as rendered now, not scheduled, and the Message-ID it will go out with.
 */
export function answerTo(
  record: MessageRecord,
  inbox: InboxConfig,
  to: string,
  rendered: { language: string; subject: string; body: string },
): Pick<
  NewDraft,
  | 'inbox'
  | 'messageId'
  | 'recordId'
  | 'language'
  | 'to'
  | 'cc'
  | 'subject'
  | 'body'
  | 'inReplyTo'
  | 'references'
  | 'sendAt'
  | 'outgoingMessageId'
> {
  const thread = threadHeaders(record);
  return {
    inbox: inbox.id,
    messageId: record.messageId,
    recordId: record.id,
    language: rendered.language,
    to,
    cc: [],
    subject: rendered.subject,
    body: rendered.body,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    sendAt: null,
    outgoingMessageId: newOutgoingMessageId(inbox.address),
  };
}
