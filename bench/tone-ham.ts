/**
 * The false-alarm yardstick: SpamAssassin's ham (easy_ham 1 and 2, hard_ham; real 2002–03 mail), parsed by
 * Tactful's own parser and triaged exactly as in production. Two shares per group: the text model alone (the
 * anger score of the new text at the threshold, whatever the headers say), and the product (`angry` as triage
 * decides it: mailing-list posts, bulk and other automated mail are never flagged, README "Triage"). Measured
 * only: the model never trains on it. easy-ham-1 is the development set (looked at and tuned on); easy-ham-2
 * and hard-ham-1 are held out.
 */
import { BENCH_FACTS, benchSettings, hamInput, spamAssassinHam } from '../scripts/tone/triage-inputs.ts';
import { triage } from '../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../src/triage/office-hours.ts';
import type { EmailToneClassifier } from '../src/triage/tone/email-classifier.ts';

export interface HamGroup {
  n: number;
  /** The text model's verdict alone. */
  flagged: number;
  /** triage()'s verdict: automated mail is never angry. */
  flaggedProduct: number;
  /** Messages triage counts as automated (lists, bulk, …). */
  automated: number;
}

export interface HamResult {
  byGroup: Record<string, HamGroup>;
  examples: string[];
}

export const HAM_DEV_GROUP = 'easy-ham-1';

export async function evaluateHam(classifier: EmailToneClassifier): Promise<HamResult | null> {
  const ham = spamAssassinHam();
  if (!ham) return null;
  const out: HamResult = { byGroup: {}, examples: [] };
  const settings = benchSettings(DEFAULT_CALENDAR, classifier.angerThreshold);
  for (const m of ham) {
    const t = triage(await hamInput(m), settings, classifier, BENCH_FACTS);
    const flagged = t.angerScore >= classifier.angerThreshold;
    const g = (out.byGroup[m.group] ??= { n: 0, flagged: 0, flaggedProduct: 0, automated: 0 });
    g.n++;
    if (t.categories.includes('automated')) g.automated++;
    if (t.angry) g.flaggedProduct++;
    if (flagged) {
      g.flagged++;
      if (out.examples.length < 8)
        out.examples.push(`${m.group}: ${t.angerScore.toFixed(2)} ${t.cues.slice(0, 3).join(' | ')}`);
    }
  }
  return out;
}
