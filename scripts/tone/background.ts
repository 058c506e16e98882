/**
 * The background model: a hashed linear anger model of general text, learnt from GoEmotions (Reddit) and XED
 * (film subtitles in many languages) with sample weights per corpus. Client mail is scarce, so the heads learnt
 * on it take this model's logit as one feature: it knows thousands of angry words and phrasings that the
 * project corpus never uses. Trained only on the training splits of ../shared/data (scripts/tone/data.ts).
 */
import { CUE_IDS } from '../../src/triage/tone/cues.ts';
import { extractFeatures } from '../../src/triage/tone/features.ts';
import { decodeModel, encodeModel } from '../../src/triage/tone/model-file.ts';
import { rawLogit, type ToneParameters } from '../../src/triage/tone/parameters.ts';
import { loadAll, SPLIT_DESCRIPTION, type Example } from './data.ts';
import { rocAuc } from './metrics.ts';
import { fitPlatt } from './platt.ts';
import { trainSgd, type SgdOptions, type TrainingRow } from './sgd.ts';

export const BACKGROUND_OPTIONS: SgdOptions = {
  hashBits: 20,
  epochs: 6,
  learningRate: 0.1,
  l2: 1e-5,
  cuePriorStrength: 2,
  seed: 20201,
};
/**
 * Row weights per corpus: movie-subtitle lines (XED) are terse dialogue, while GoEmotions' Reddit comments are
 * closer to email prose, so English subtitles count 0.2 and the other XED languages 0.5 (they are the only
 * general data for Swedish, Italian, German, French and Spanish).
 */
export const XED_WEIGHT = 0.5;
export const XED_ENGLISH_WEIGHT = 0.2;

function toRow(e: Example): TrainingRow {
  const f = extractFeatures(e.text, BACKGROUND_OPTIONS.hashBits);
  return {
    f,
    cueIndices: f.cues.map((c) => CUE_IDS.indexOf(c.id)),
    group: e.source,
    label: e.label,
    weight: e.source === 'goemotions' ? 1 : e.lang === 'en' ? XED_ENGLISH_WEIGHT : XED_WEIGHT,
  };
}

export function trainBackground(): { params: ToneParameters; meta: Record<string, unknown> } {
  const all = loadAll();
  const train = all.filter((e) => e.split === 'train').map(toRow);
  const calib = all.filter((e) => e.split === 'calib');
  const raw = trainSgd(train, BACKGROUND_OPTIONS);
  // Quantised as shipped, then calibrated on the calibration split of the general corpora.
  const params = decodeModel(JSON.parse(JSON.stringify(encodeModel(raw, {}))));
  const logits = calib.map((e) => rawLogit(params, extractFeatures(e.text, params.hashBits)));
  params.calibration = fitPlatt(
    logits,
    calib.map((e) => e.label),
  );
  const auc: Record<string, number> = {};
  for (const key of ['goemotions', 'xed-en', 'xed-sv', 'xed-it', 'xed-de', 'xed-fr', 'xed-es']) {
    const idx = calib
      .map((e, i) => ((e.source === 'goemotions' ? 'goemotions' : `xed-${e.lang}`) === key ? i : -1))
      .filter((i) => i >= 0);
    auc[key] = +rocAuc(
      idx.map((i) => logits[i]!),
      idx.map((i) => calib[i]!.label),
    ).toFixed(3);
  }
  return {
    params,
    meta: {
      options: { ...BACKGROUND_OPTIONS, xedWeight: XED_WEIGHT, xedEnglishWeight: XED_ENGLISH_WEIGHT },
      split: SPLIT_DESCRIPTION,
      sources: 'GoEmotions (Apache-2.0, Demszky et al. 2020); XED (CC BY 4.0, Öhman et al. 2020)',
      trainingExamples: train.length,
      calibrationAuc: auc,
    },
  };
}
