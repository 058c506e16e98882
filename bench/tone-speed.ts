/**
 * `triage()` throughput on one core: the whole decision (new text, language, tone heads, auto-reply guard,
 * payment, office hours) on the training corpus's messages as TriageInputs, per CPU-second of this process.
 */
import type { CorpusMessage } from '../scripts/tone/corpus-schema.ts';
import { BENCH_FACTS, benchSettings, corpusInput } from '../scripts/tone/triage-inputs.ts';
import { triage } from '../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../src/triage/office-hours.ts';
import type { ToneClassifier } from '../src/triage/tone/classifier.ts';

export function triageRate(
  messages: CorpusMessage[],
  classifier: ToneClassifier,
): { rate: number; bytes: number } {
  const settings = benchSettings(DEFAULT_CALENDAR, 0.5);
  const facts = BENCH_FACTS;
  const inputs = messages.map((m, i) => corpusInput(m, i));
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
