/**
 * `triage()` throughput on one core: the whole decision (new text, language, tone heads, auto-reply guard,
 * payment, office hours) on the training corpus's messages as TriageInputs, per CPU-second of this process.
 */
import type { CorpusMessage } from '../scripts/tone/corpus-schema.ts';
import { triage, type TriageInput, type TriageSettings } from '../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../src/triage/office-hours.ts';
import type { ToneClassifier } from '../src/triage/tone/classifier.ts';

function inputOf(m: CorpusMessage, i: number): TriageInput {
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
    arrivedAt: new Date(Date.UTC(2026, 10, 16 + (i % 7), (i * 7) % 24, (i * 13) % 60)),
  };
}

export function triageRate(
  messages: CorpusMessage[],
  classifier: ToneClassifier,
): { rate: number; bytes: number } {
  const settings: TriageSettings = {
    calendar: DEFAULT_CALENDAR,
    ownAddresses: ['studio@agency.example'],
    knownCorrespondentsOnly: false,
    angerThreshold: 0.5,
    ownMessageIdDomains: ['agency.example'],
  };
  const facts = { recentlyAcknowledged: false, isKnownSender: true };
  const inputs = messages.map(inputOf);
  const bytes =
    inputs.reduce((a, x) => a + Buffer.byteLength(x.text || x.html || ''), 0) / (inputs.length || 1);
  for (const x of inputs.slice(0, 300)) triage(x, settings, classifier, facts); // warm up the JIT
  const started = process.cpuUsage();
  let n = 0;
  for (;;) {
    for (const x of inputs) {
      triage(x, settings, classifier, facts);
      n++;
    }
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    if (seconds >= 2) return { rate: n / seconds, bytes };
  }
}
