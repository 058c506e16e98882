/**
 * General-corpus lines (GoEmotions, XED; training splits only) as rows for the anger head, featurized like
 * mail without a subject. Weighted per corpus as in background.ts; the background logit is zeroed (see
 * heads-training.ts).
 */
import { featurize } from '../../src/triage/tone/featurize.ts';
import type { ToneParameters } from '../../src/triage/tone/parameters.ts';
import { XED_ENGLISH_WEIGHT, XED_WEIGHT } from './background.ts';
import { dataAvailable, loadAll } from './data.ts';
import type { HeadRow } from './head-sgd.ts';

export function generalRows(background: ToneParameters): HeadRow[] {
  if (!dataAvailable()) return [];
  return loadAll()
    .filter((e) => e.split === 'train')
    .map((e) => {
      const f = featurize(background, '', e.text);
      f.dense[0] = 0;
      const weight = e.source === 'goemotions' ? 1 : e.lang === 'en' ? XED_ENGLISH_WEIGHT : XED_WEIGHT;
      return { f, label: e.label, weight, general: true };
    });
}
