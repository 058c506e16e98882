import { DateTime } from 'luxon';
import type { DraftRecord } from '../model/draft-record.ts';
import type { CommitmentRecord } from '../model/commitment-record.ts';
import type { DigestContent } from './digest-content.ts';
import { shortWhen } from './notice-text.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const client = (c: CommitmentRecord) => c.client.name || c.client.address;

/**
 * The morning digest as plain text: a subject that counts what is waiting, then one short line per item, most
 * pressing first. Internal mail to a lead, in English, on the lead's calendar.
 */
export function digestText(d: DigestContent, zone: string, date: string, name: string) {
  const day = DateTime.fromISO(date, { zone }).setLocale('en-GB').toFormat('ccc d LLL');
  const counts = [
    d.overdue.length && `${d.overdue.length} overdue`,
    d.dueToday.length && `${d.dueToday.length} due today`,
    d.angryWaiting.length && plural(d.angryWaiting.length, 'angry client waiting', 'angry clients waiting'),
    d.remindersWaiting.length &&
      plural(d.remindersWaiting.length, 'reminder to approve', 'reminders to approve'),
  ].filter(Boolean);
  const commitment = (c: CommitmentRecord) =>
    `- ${client(c)}: "${c.subject}" (reply by ${shortWhen(c.dueAt, zone)}${c.owner ? `, ${c.owner}` : ''})`;
  const draft = (x: DraftRecord) => `- ${x.to}: "${x.subject}" (${x.inbox}, draft ${x.id})`;
  const section = <T>(title: string, items: T[], line: (t: T) => string) =>
    items.length ? [`${title}:`, ...items.map(line), ''] : [];
  const text = [
    `Good morning ${name.split(' ')[0]},`,
    '',
    `Here is what waits for you in Tactful today, ${day}.`,
    '',
    ...section('Overdue', d.overdue, commitment),
    ...section('Due today', d.dueToday, commitment),
    ...section('Angry clients waiting for an approved answer', d.angryWaiting, draft),
    ...section('Payment reminders waiting for approval', d.remindersWaiting, draft),
    'Answer in the thread from any mail client, or review the drafts in Tactful.',
    '',
    '(You get this each working day when something waits; set `digest: false` for your user to stop it.)',
  ].join('\n');
  return { subject: `Tactful, ${day}: ${counts.join(', ')}`, text };
}
