import type { MessageRecord } from '../model/message-record.ts';
import type { Config, InboxConfig } from '../config/schema.ts';
import { SafeError } from '../errors.ts';
import type { Category, TriageResult } from '../model/triage-result.ts';
import type { ToneClassifier } from './tone/classifier.ts';
import { isoWithOffset, localWallTime, nextOpening, type OfficeCalendar } from './office-hours.ts';
import { detectLanguage } from './language.ts';
import { extractNewText } from './new-text.ts';
import { htmlToText } from './html-text.ts';
import { decideAutoReply } from './auto-reply-guard.ts';
import { detectPayment } from './payment.ts';
import { levelOf } from './tone/level.ts';
import { findInvoiceNumber } from './invoice-number.ts';

/** What triage reads of a message: the fields of a MessageRecord it needs, and the arrival time. */
export type TriageInput = Pick<
  MessageRecord,
  | 'messageId'
  | 'from'
  | 'to'
  | 'cc'
  | 'returnPath'
  | 'subject'
  | 'references'
  | 'autoHeaders'
  | 'text'
  | 'html'
> & {
  /** Arrival: IMAP INTERNALDATE in the pipeline; `--at` or the Date header in the CLI. */
  arrivedAt: Date;
};

/** What triage needs of an inbox's configuration. */
export interface TriageSettings {
  calendar: OfficeCalendar;
  /** The inbox address and its aliases. */
  ownAddresses: string[];
  knownCorrespondentsOnly: boolean;
  /** `triage.angerThreshold`: angry when the classifier's score is at least this. */
  angerThreshold: number;
  /** Domains of Tactful's own `<tactful-…@domain>` Message-IDs; a References hit is a loop. */
  ownMessageIdDomains: string[];
}

/** Facts only I/O can know, looked up by the caller (Redis in the worker; defaults in the CLI). */
export interface TriageFacts {
  recentlyAcknowledged: boolean;
  isKnownSender: boolean;
}

/** The text a person wrote in this message: text part, else text derived from HTML; history stripped. */
export function newTextOf(input: Pick<TriageInput, 'text' | 'html'>): string {
  const body = input.text.trim() !== '' ? input.text : input.html ? htmlToText(input.html) : '';
  return extractNewText(body);
}

/** Subjects of replies and forwards repeat the original's words; only a fresh subject is the sender's own. */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|r|rif|antw|réf|fw|fwd|wg|tr|rv|i)\s*(?:\[\d+\])?\s*:/i;

/** The subject when the sender wrote it for this message, else '' (training uses the same rule). */
export function freshSubject(subject: string): string {
  return REPLY_PREFIX.test(subject) ? '' : subject.trim();
}

export function triage(
  input: TriageInput,
  settings: TriageSettings,
  classifier: ToneClassifier,
  facts: TriageFacts,
): TriageResult {
  const text = newTextOf(input);
  const ownSubject = freshSubject(input.subject);
  const language = detectLanguage(text || ownSubject);
  // A shouted fresh subject ("STILL NO INVOICE!!!") is part of what the client wrote; cues quote the text only.
  const tone = classifier.score(text, language, ownSubject);
  // Rounded before the comparison, so the score shown and the verdict never disagree.
  const angerScore =
    Math.round(Math.min(1, Math.max(0, Number.isFinite(tone.score) ? tone.score : 0)) * 1000) / 1000;

  const at = input.arrivedAt;
  if (Number.isNaN(at.getTime()))
    throw new SafeError('bad_arrival', 'the arrival time of the message is not a valid date');
  // nextOpening returns the arrival itself when the office is open: one calendar lookup answers both.
  const opening = nextOpening(settings.calendar, at);
  const afterHours = opening.toMillis() !== at.getTime();

  const guard = decideAutoReply({
    autoHeaders: input.autoHeaders,
    returnPath: input.returnPath,
    from: input.from,
    to: input.to,
    cc: input.cc,
    references: input.references,
    messageId: input.messageId,
    ownAddresses: settings.ownAddresses,
    ownMessageIdDomains: settings.ownMessageIdDomains,
    recentlyAcknowledged: facts.recentlyAcknowledged,
    knownCorrespondentsOnly: settings.knownCorrespondentsOnly,
    isKnownSender: facts.isKnownSender,
  });

  // Anger is judged on personal mail only: a mailing-list post, a newsletter, bulk mail, an auto-reply or a
  // no-reply notice is nobody writing to the agency (README "Triage"). The score is still the text's.
  const angry = !guard.automated && angerScore >= settings.angerThreshold;
  const angerLevel = levelOf(angry, angerScore, tone.intensity);

  // The model's reading of payment talk (the rules are among its features); the rules alone for a classifier
  // that does not judge payment.
  const payment = tone.payment?.kind ?? detectPayment(text);
  const urgent = tone.urgent?.urgent ?? false;
  const invoice = findInvoiceNumber(text) ?? findInvoiceNumber(input.subject);

  const categories: Category[] = [];
  if (angry) categories.push('angry');
  if (afterHours) categories.push('after-hours');
  if (payment !== 'none') categories.push('payment');
  if (guard.automated) categories.push('automated');

  return {
    language,
    angry,
    angerScore,
    angerLevel,
    cues: tone.cues.slice(0, 10),
    urgent,
    urgentCues: urgent ? (tone.urgent?.cues ?? []).slice(0, 4) : [],
    afterHours,
    receivedAt: at.toISOString(),
    localTime: localWallTime(settings.calendar, at),
    nextOpening: isoWithOffset(opening),
    autoReply: guard.reason ? { allowed: guard.allowed, reason: guard.reason } : { allowed: guard.allowed },
    payment,
    invoice,
    categories,
  };
}

const settingsCache = new WeakMap<InboxConfig, TriageSettings>();

/**
 * The triage settings of one configured inbox, made once per inbox object: the calendar object is the key of
 * the office-hours interval cache, so a fresh one per message would defeat it.
 */
export function settingsFor(config: Config, inbox: InboxConfig): TriageSettings {
  let settings = settingsCache.get(inbox);
  if (!settings) settingsCache.set(inbox, (settings = buildSettings(config, inbox)));
  return settings;
}

function buildSettings(config: Config, inbox: InboxConfig): TriageSettings {
  return {
    calendar: { timezone: inbox.timezone, officeHours: inbox.officeHours, holidays: inbox.holidays },
    ownAddresses: [inbox.address, ...inbox.aliases],
    knownCorrespondentsOnly: inbox.knownCorrespondentsOnly,
    angerThreshold: config.triage.angerThreshold,
    // src/store/drafts.ts: our Message-IDs are <tactful-uuid@domain of the inbox address>.
    ownMessageIdDomains: [
      ...new Set([inbox.address, ...inbox.aliases].map((a) => a.split('@')[1]!.toLowerCase())),
    ],
  };
}

/**
 * A stored record as triage input; `arrivedAt` is its IMAP INTERNALDATE unless the caller knows better (an
 * unreadable one falls back to the Date header, then to the time of ingest, rather than failing the job).
 */
export function triageInputOf(record: MessageRecord, arrivedAt = arrivalOf(record)): TriageInput {
  const { messageId, from, to, cc, returnPath, subject, references, autoHeaders, text, html } = record;
  return { messageId, from, to, cc, returnPath, subject, references, autoHeaders, text, html, arrivedAt };
}

function arrivalOf(record: MessageRecord): Date {
  for (const iso of [record.internalDate, record.date, record.ingestedAt]) {
    const d = iso ? new Date(iso) : null;
    if (d && !Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}
