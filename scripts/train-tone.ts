/**
 * Trains Tactful's built-in anger model (npm run train:tone) from ../shared/data and writes
 * src/triage/tone/model.json. Only derived, quantised weights are written; the data never enters the repo.
 * Deterministic: the same data and options give the same file. Takes about a minute on one core.
 */
import { writeFileSync } from 'node:fs';
import { BUILTIN_MODEL_PATH } from '../src/triage/tone/builtin.ts';
import { CUE_IDS } from '../src/triage/tone/cues.ts';
import { extractFeatures } from '../src/triage/tone/features.ts';
import { decodeModel, encodeModel } from '../src/triage/tone/model-file.ts';
import { rawLogit } from '../src/triage/tone/parameters.ts';
import { dataAvailable, loadAll, SPLIT_DESCRIPTION, type Example } from './tone/data.ts';
import { rocAuc } from './tone/metrics.ts';
import { fitPlatt } from './tone/platt.ts';
import { trainSgd, type SgdOptions, type TrainingRow } from './tone/sgd.ts';

const options: SgdOptions = {
  hashBits: Number(process.env.TONE_HASH_BITS ?? 19),
  epochs: Number(process.env.TONE_EPOCHS ?? 6),
  learningRate: Number(process.env.TONE_LR ?? 0.1),
  l2: Number(process.env.TONE_L2 ?? 1e-5),
  cuePriorStrength: Number(process.env.TONE_CUE_PRIOR ?? 0.5),
  seed: 20201,
};

function toRow(e: Example): TrainingRow {
  const f = extractFeatures(e.text, options.hashBits);
  const cueIndices = f.cues.map((c) => CUE_IDS.indexOf(c.id));
  return { f, cueIndices, lang: e.lang, label: e.label, weight: 1 };
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
  const logits = calib.map((e, i) => rawLogit(quantised, calibFeatures[i]!, e.lang));
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
  console.log('calibration-split AUC', calibAuc);
  const file = encodeModel(
    { ...raw, calibration },
    {
      trainedWith: 'scripts/train-tone.ts',
      options,
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
