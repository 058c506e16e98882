import MailComposer from 'nodemailer/lib/mail-composer';
import type { InboxConfig } from '../config/schema.ts';
import { safeAddress, type Outgoing } from './outgoing.ts';

export interface Notice {
  /** A lead's address (config.users), never a client's. */
  to: string;
  subject: string;
  text: string;
  /** Deterministic per delivery: a retried send carries the same id, so a mail client shows it once. */
  messageId: string;
  /** Display name on the From line (the agency). */
  fromName: string;
}

/**
 * A notice from Tactful to one of the agency's own people (a reply-by alert, the morning digest): From the
 * inbox address, `Auto-Submitted: auto-generated` (RFC 3834 §5: machine-made, not a reply to anyone), and
 * `X-Auto-Response-Suppress: All`, so an out-of-office at the lead's end does not answer it. It is not filed
 * in Sent: it is no part of any client conversation.
 */
export async function buildNotice(
  inbox: Pick<InboxConfig, 'address'>,
  n: Notice,
  now: Date,
): Promise<Outgoing> {
  const from = safeAddress(inbox.address);
  const to = safeAddress(n.to);
  const composer = new MailComposer({
    from: { name: n.fromName.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').trim(), address: from },
    to,
    subject: n.subject.replace(/[\s\u2028\u2029]+/g, ' ').trim(),
    text: n.text.replace(/\r\n?/g, '\n'),
    messageId: n.messageId,
    date: now,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Tactful-Loop': from,
    },
    textEncoding: 'quoted-printable',
  });
  return { raw: await composer.compile().build(), envelope: { from, to: [to] } };
}
