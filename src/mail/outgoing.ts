import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config, InboxConfig } from '../config/schema.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { msgIdList, normaliseMsgId } from './threading.ts';

/** The exact bytes sent by SMTP and stored in the Sent folder, plus the SMTP envelope. */
export interface Outgoing {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** RFC 3461 NOTIFY=NEVER for unattended acknowledgements (RFC 3834 §3.3), used when the server has DSN. */
  dsn?: { notify: 'NEVER' };
}

const ADDRESS = /^[^\s<>@,;:"\\()[\]]+@[^\s<>@,;:"\\()[\]]+$/;

/** An address safe to put in a header or an SMTP command: no spaces, brackets, CR/LF. */
export function safeAddress(addr: string): string {
  const a = addr.trim();
  if (!ADDRESS.test(a)) throw new Error(`not a plain address: ${JSON.stringify(a.slice(0, 100))}`);
  return a;
}

/** A display name as one line: CR/LF and other controls cannot start a new header. */
const displayName = (s: string) =>
  s
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Builds the message of a draft. Lead-approved replies are human replies (no Auto-Submitted, RFC 3834 §5).
 * Unattended acknowledgements follow RFC 3834 §3 and the Pigeonhole vacation headers: one recipient,
 * `Auto-Submitted: auto-replied`, `X-Auto-Response-Suppress: All`, a loop marker, and the configured
 * no-auto-reply envelope sender (`""` → the null sender `<>`).
 */
export async function buildOutgoing(
  draft: DraftRecord,
  inbox: InboxConfig,
  config: Config,
  now: Date,
): Promise<Outgoing> {
  const to = safeAddress(draft.to);
  const cc = draft.unattended ? [] : draft.cc.map(safeAddress);
  const headers: Record<string, string> = {};
  if (draft.unattended) {
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
    headers['X-Tactful-Loop'] = safeAddress(inbox.address);
  }
  const inReplyTo = normaliseMsgId(draft.inReplyTo);
  const references = msgIdList(draft.references);
  const composer = new MailComposer({
    from: {
      name: displayName(inbox.signature?.name ?? config.agency.name),
      address: safeAddress(inbox.address),
    },
    to,
    cc: cc.length ? cc : undefined,
    subject: displayName(draft.subject),
    text: draft.body.replace(/\r\n?/g, '\n'),
    messageId: normaliseMsgId(draft.outgoingMessageId) ?? undefined,
    date: now,
    inReplyTo: inReplyTo ?? undefined,
    references: references.length ? references.join(' ') : undefined,
    headers,
    textEncoding: 'quoted-printable',
  });
  const raw = await composer.compile().build();
  const envelopeFrom = draft.unattended
    ? inbox.smtp?.autoReplyEnvelopeFrom === ''
      ? ''
      : safeAddress(inbox.smtp?.autoReplyEnvelopeFrom ?? inbox.address)
    : safeAddress(inbox.address);
  return {
    raw,
    envelope: { from: envelopeFrom, to: [to, ...cc] },
    ...(draft.unattended ? { dsn: { notify: 'NEVER' as const } } : {}),
  };
}
