import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateOwn } from '../../bench/tone-own.ts';
import { loadTestCorpus } from '../../scripts/tone/corpus.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';

/**
 * The shipped model's figures on the frozen test set (data/tone/test) must not fall below the ones documented in
 * the README (Triage → benchmark figures), which are recorded in documented-figures.json. This reads the test
 * set to measure, never to tune: nothing here feeds back into training.
 */
interface Figures {
  anger: { f1: number; precision: number; recall: number };
  angerF1ByLang: Record<string, number>;
  urgentF1: number;
  paymentAccuracy: number;
}
const documented = JSON.parse(
  readFileSync(new URL('../fixtures/tone/documented-figures.json', import.meta.url), 'utf8'),
) as Figures;
const haveTestSet = existsSync(new URL('../../data/tone/test/en.jsonl', import.meta.url));
/** The README rounds to three decimals. */
const EPSILON = 0.0005;

describe.runIf(haveTestSet)('shipped tone model on the frozen test set', () => {
  const own = evaluateOwn(loadTestCorpus(), [], loadBuiltinClassifier(), []);

  it('keeps anger F1, precision and recall at or above the documented figures', () => {
    expect(own.anger.f1).toBeGreaterThanOrEqual(documented.anger.f1 - EPSILON);
    expect(own.anger.precision).toBeGreaterThanOrEqual(documented.anger.precision - EPSILON);
    expect(own.anger.recall).toBeGreaterThanOrEqual(documented.anger.recall - EPSILON);
  });

  it('keeps anger F1 per language at or above the documented figures', () => {
    for (const [lang, f1] of Object.entries(documented.angerF1ByLang))
      expect(own.angerByLang[lang]!.f1, lang).toBeGreaterThanOrEqual(f1 - EPSILON);
  });

  it('keeps urgency F1 and payment accuracy at or above the documented figures', () => {
    expect(own.urgent.f1).toBeGreaterThanOrEqual(documented.urgentF1 - EPSILON);
    expect(own.paymentAccuracy).toBeGreaterThanOrEqual(documented.paymentAccuracy - EPSILON);
  });
});
