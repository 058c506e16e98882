/**
 * Trains Tactful's built-in anger model (npm run train:tone) from ../shared/data and writes
 * src/triage/tone/model.json. Only derived, quantised weights are written; the data never enters the repo.
 * Deterministic: the same data and options give the same file. Takes about a minute on one core.
 */
import { writeFileSync } from 'node:fs';
import { BUILTIN_MODEL_PATH } from '../src/tone-model/load.ts';
import { CUE_IDS } from '../src/triage/tone/cues.ts';
import { extractFeatures } from '../src/triage/tone/features.ts';
import { decodeModel, encodeModel } from '../src/triage/tone/model-file.ts';
import { rawLogit } from '../src/triage/tone/parameters.ts';
import { dataAvailable, loadAll, SPLIT_DESCRIPTION, type Example } from './tone/data.ts';
import { bestF1Threshold, prf, rocAuc } from './tone/metrics.ts';
import { fitPlatt } from './tone/platt.ts';
import { trainSgd, type SgdOptions, type TrainingRow } from './tone/sgd.ts';

const options: SgdOptions = {
  hashBits: Number(process.env.TONE_HASH_BITS ?? 20),
  epochs: Number(process.env.TONE_EPOCHS ?? 6),
  learningRate: Number(process.env.TONE_LR ?? 0.1),
  l2: Number(process.env.TONE_L2 ?? 1e-5),
  cuePriorStrength: Number(process.env.TONE_CUE_PRIOR ?? 2),
  seed: 20201,
};
/**
 * Row weights per corpus, chosen on the calibration split: movie-subtitle lines (XED) are terse dialogue, while
 * GoEmotions' Reddit comments are closer to email prose, so English subtitles count 0.2 and the other XED
 * languages 0.5 (they are the only data for Swedish, Italian, German, French and Spanish).
 */
const XED_WEIGHT = Number(process.env.TONE_XED_WEIGHT ?? 0.5);
const XED_ENGLISH_WEIGHT = Number(process.env.TONE_XED_EN_WEIGHT ?? 0.2);

function toRow(e: Example): TrainingRow {
  const f = extractFeatures(e.text, options.hashBits);
  const cueIndices = f.cues.map((c) => CUE_IDS.indexOf(c.id));
  return {
    f,
    cueIndices,
    group: e.source,
    label: e.label,
    weight: e.source === 'goemotions' ? 1 : e.lang === 'en' ? XED_ENGLISH_WEIGHT : XED_WEIGHT,
  };
}

function main(): void {
  if (!dataAvailable()) {
    console.log('skipped: ../shared not found');
    return;
  }
  const started = Date.now();
  const all = loadAll();
  const train = all.filter((e) => e.split === 'train').map(toRow);
  const calib = all.filter((e) => e.split === 'calib');
  console.log(`examples: ${train.length} training, ${calib.length} calibration (${SPLIT_DESCRIPTION})`);
  const raw = trainSgd(train, options);
  // Calibrate the quantised model, since that is what ships.
  const quantised = decodeModel(JSON.parse(JSON.stringify(encodeModel(raw, {}))));
  const calibFeatures = calib.map((e) => extractFeatures(e.text, options.hashBits));
  const logits = calib.map((e, i) => rawLogit(quantised, calibFeatures[i]!));
  const calibration = fitPlatt(
    logits,
    calib.map((e) => e.label),
  );
  const groups = new Map<string, number[]>();
  calib.forEach((e, i) => {
    const key = e.source === 'goemotions' ? 'goemotions' : `xed-${e.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const calibAuc: Record<string, number> = {};
  for (const [key, idx] of groups) {
    calibAuc[key] = +rocAuc(
      idx.map((i) => logits[i]!),
      idx.map((i) => calib[i]!.label),
    ).toFixed(3);
  }
  const goIdx = groups.get('goemotions') ?? [];
  const goScores = goIdx.map((i) => logits[i]!);
  const goLabels = goIdx.map((i) => calib[i]!.label);
  const goF1 = prf(goScores, goLabels, bestF1Threshold(goScores, goLabels)).f1;
  console.log('calibration-split AUC', JSON.stringify(calibAuc), 'GoEmotions best F1', goF1.toFixed(3));
  const file = encodeModel(
    { ...raw, calibration },
    {
      trainedWith: 'scripts/train-tone.ts',
      options: { ...options, xedWeight: XED_WEIGHT, xedEnglishWeight: XED_ENGLISH_WEIGHT },
      split: SPLIT_DESCRIPTION,
      sources: 'GoEmotions (Apache-2.0, Demszky et al. 2020); XED (CC BY 4.0, Öhman et al. 2020)',
      trainingExamples: train.length,
      calibrationAuc: calibAuc,
    },
  );
  writeFileSync(BUILTIN_MODEL_PATH, JSON.stringify(file, null, 2) + '\n');
  console.log(`wrote ${BUILTIN_MODEL_PATH} in ${((Date.now() - started) / 1000).toFixed(1)} s`, calibration);
}

main();
