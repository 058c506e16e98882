import { DateTime } from 'luxon';
import type { AlertKind, CommitmentRecord } from '../model/commitment-record.ts';

/**
 * The words of alerts to leads (email and webhook). Internal mail to the agency's own people, in English: it may
 * name the client and their subject (docs/tone-rules.md's rules are about what clients read). Times on the inbox's clock.
 */

/** "Tue 7 Apr, 17:00" on the zone's wall clock. */
export const shortWhen = (iso: string, zone: string) =>
  DateTime.fromISO(iso, { zone }).setLocale('en-GB').toFormat('ccc d LLL, HH:mm');

const who = (c: CommitmentRecord) =>
  c.client.name ? `${c.client.name} <${c.client.address}>` : c.client.address;
const BASIS: Record<CommitmentRecord['basis'], string> = {
  reply: 'our reply time',
  angry: 'our reply time for upset clients',
  urgent: 'our reply time for urgent mail',
  promise: 'the time we promised in our acknowledgement',
};

export interface AlertText {
  subject: string;
  text: string;
  /** One paragraph for a chat channel (Slack, Teams). */
  chat: string;
}

export function alertText(
  c: CommitmentRecord,
  kind: AlertKind,
  zone: string,
  owner: string | null,
): AlertText {
  const due = `${shortWhen(c.dueAt, zone)} (${zone})`;
  const subject =
    kind === 'due-soon'
      ? `Due soon: answer ${c.client.name || c.client.address} by ${shortWhen(c.dueAt, zone)}`
      : `Overdue: ${c.client.name || c.client.address} has waited since ${shortWhen(c.openedAt, zone)}`;
  const lead =
    kind === 'due-soon'
      ? `${who(c)} is waiting for an answer about "${c.subject}".`
      : `${who(c)} has not had an answer about "${c.subject}", and the reply-by time has passed.`;
  const text = [
    lead,
    '',
    `Reply by: ${due}, ${BASIS[c.basis]}.`,
    `Waiting since: ${shortWhen(c.openedAt, zone)}.`,
    owner
      ? `Thread taken by: ${owner}.`
      : 'Nobody has taken this thread: take it in Tactful and these alerts come to you alone.',
    '',
    'Answer in the thread from any mail client, or close the commitment in Tactful if no answer is needed.',
    '',
    `(inbox ${c.inbox}, commitment ${c.id})`,
  ].join('\n');
  const chat = `${kind === 'due-soon' ? 'Due soon' : 'Overdue'}: ${lead} Reply by ${due}.${owner ? ` Taken by ${owner}.` : ''}`;
  return { subject, text, chat };
}
