import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import { AUTO_HEADERS, type Address, type MessageRecord } from '../model/message-record.ts';
import { recordId } from '../model/ids.ts';

/** What IMAP told us about a message, beside its source. */
export interface SourceMeta {
  inbox: string;
  uid: number;
  uidValidity: string;
  internalDate: Date;
  size: number;
  /** Message-ID from the IMAP envelope (the job payload); null when the message has none. */
  messageId: string | null;
}

/** A minimal envelope for records whose source was not downloaded (too large). */
export interface EnvelopeLite {
  from?: Address | null;
  to?: Address[];
  cc?: Address[];
  subject?: string;
  date?: Date | null;
  inReplyTo?: string | null;
}

export const DEFAULT_PARSE_TIMEOUT_MS = 20_000;
/**
 * mailparser options. Tactful needs neither an HTML rendering of plain text nor linkified text, and never
 * inlines images as data: URLs: each of these would cost CPU on every message (bench/ingest.ts uses the same).
 */
export const PARSE_OPTIONS = { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true } as const;
const AUTO = new Set<string>(AUTO_HEADERS);

/**
 * The dedupe key: the Message-ID, else a hash of the bytes. The same message seen under a new UIDVALIDITY
 * (or twice in one) keeps its key, so MessageStore.putIfAbsent makes exactly one record.
 */
export function dedupeKeyFor(messageId: string | null, source: Buffer | string): string {
  const id = messageId?.trim();
  if (id) return id;
  return `sha256:${createHash('sha256').update(source).digest('hex')}`;
}

function baseRecord(meta: SourceMeta, dedupeKey: string, now: Date): MessageRecord {
  return {
    id: recordId(meta.inbox, dedupeKey),
    inbox: meta.inbox,
    uid: meta.uid,
    uidValidity: meta.uidValidity,
    messageId: meta.messageId,
    dedupeKey,
    from: null,
    to: [],
    cc: [],
    replyTo: [],
    returnPath: null,
    subject: '',
    date: null,
    dateOffset: null,
    internalDate: validIso(meta.internalDate) ?? now.toISOString(),
    inReplyTo: null,
    references: [],
    autoHeaders: {},
    text: '',
    html: null,
    attachments: [],
    size: meta.size,
    error: null,
    ingestedAt: now.toISOString(),
    triage: null,
  };
}

/** A record for mail over the size limit: what the envelope says, no body, error `too_large`. */
export function tooLargeRecord(meta: SourceMeta, env: EnvelopeLite, limit: number, now: Date): MessageRecord {
  // Without a Message-ID the bytes are not downloaded to hash: arrival time + size + subject stand in.
  const key = dedupeKeyFor(
    meta.messageId,
    `too_large\0${meta.internalDate.toISOString()}\0${meta.size}\0${env.subject ?? ''}`,
  );
  return {
    ...baseRecord(meta, key, now),
    from: env.from ?? null,
    to: env.to ?? [],
    cc: env.cc ?? [],
    subject: env.subject ?? '',
    date: env.date ? validIso(env.date) : null,
    dateOffset: null,
    inReplyTo: env.inReplyTo ?? null,
    error: { code: 'too_large', message: `message is ${meta.size} bytes, over the ${limit}-byte limit` },
  };
}

/**
 * Parses a raw message into a record. Never throws: unparseable mail (or a parse that outlives `timeoutMs`,
 * e.g. a pathological MIME tree) still yields a record, with error `parse_error`.
 */
export async function parseToRecord(
  source: Buffer,
  meta: SourceMeta,
  opts: { now: Date; timeoutMs?: number },
): Promise<MessageRecord> {
  const base = baseRecord(meta, dedupeKeyFor(meta.messageId, source), opts.now);
  let parsed: ParsedMail;
  try {
    parsed = await withTimeout(
      simpleParser(source, PARSE_OPTIONS),
      opts.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS,
    );
  } catch (err) {
    return { ...base, error: { code: 'parse_error', message: describe(err) } };
  }
  try {
    return { ...base, ...fieldsOf(parsed) };
  } catch (err) {
    return { ...base, error: { code: 'parse_error', message: describe(err) } };
  }
}

function fieldsOf(p: ParsedMail): Partial<MessageRecord> {
  const autoHeaders: Record<string, string[]> = {};
  for (const { key, line } of p.headerLines ?? []) {
    const name = key.toLowerCase();
    if (!AUTO.has(name)) continue;
    // Unfold (RFC 5322 §2.2.3) and drop the "Name:" part; values stay raw (encoded words included).
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (autoHeaders[name] ??= []).push(value);
  }
  const rp = autoHeaders['return-path']?.[0];
  return {
    from: addresses(p.from)[0] ?? null,
    to: addresses(p.to),
    cc: addresses(p.cc),
    replyTo: addresses(p.replyTo),
    // `Return-Path: <>` is the null sender (RFC 5321 §4.5.5): kept as '' so triage can tell it from "absent".
    returnPath: rp === undefined ? null : rp.replace(/^<|>$/g, '').trim(),
    subject: p.subject ?? '',
    date: headerDate(p),
    dateOffset: headerDateOffset(p),
    inReplyTo: p.inReplyTo ?? null,
    references: typeof p.references === 'string' ? [p.references] : (p.references ?? []),
    autoHeaders,
    text: p.text ?? '',
    html: typeof p.html === 'string' ? p.html : null,
    attachments: p.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

/** Flattens address lists and RFC 5322 groups into plain addresses. */
function addresses(field: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const walk = (list: EmailAddress[]) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      else if (a.address !== undefined || a.name) out.push({ address: a.address ?? '', name: a.name ?? '' });
    }
  };
  for (const obj of Array.isArray(field) ? field : field ? [field] : []) walk(obj.value ?? []);
  return out;
}

/** The Date header, or null when absent or unreadable (mailparser substitutes "now" for a bad one). */
function headerDate(p: ParsedMail): string | null {
  const line = p.headerLines?.find((h) => h.key === 'date')?.line;
  if (!line || !p.date) return null;
  const raw = line.slice(line.indexOf(':') + 1).trim();
  return Number.isNaN(Date.parse(raw)) ? null : validIso(p.date);
}

/**
 * The zone of the Date header in minutes east of UTC (RFC 5322 §3.3: "+hhmm"/"-hhmm"; the obsolete "GMT", "UT"
 * and US zone names of §4.3). "-0000" means "zone unknown" and gives null, as does anything unreadable.
 */
export function headerDateOffset(p: Pick<ParsedMail, 'headerLines'>): number | null {
  const line = p.headerLines?.find((h) => h.key === 'date')?.line ?? '';
  const zone = /\s([+-]\d{4}|UT|GMT|Z|[ECMP][SD]T)\s*(\([^)]*\)\s*)?$/i.exec(line)?.[1]?.toUpperCase();
  if (!zone || zone === '-0000') return null;
  const named: Record<string, number> = {
    UT: 0,
    GMT: 0,
    Z: 0,
    EST: -300,
    EDT: -240,
    CST: -360,
    CDT: -300,
    MST: -420,
    MDT: -360,
    PST: -480,
    PDT: -420,
  };
  if (zone in named) return named[zone]!;
  const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
  return minutes > 1440 || Number(zone.slice(3, 5)) > 59 ? null : (zone.startsWith('-') ? -1 : 1) * minutes;
}

function validIso(d: Date): string | null {
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.slice(0, 300) || 'unknown parse failure';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parser did not finish within ${ms} ms`)), ms);
  });
  // The parser is not cancellable; a late rejection of it must not become an unhandled rejection.
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
