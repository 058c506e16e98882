import { CUE_IDS } from './cues.ts';
import type { TextFeatures } from './features.ts';

export type Weights = Float32Array | Int8Array;

/** The numbers of the linear model, as trained and as decoded from model.json. */
export interface ToneParameters {
  hashBits: number;
  bias: number;
  /** Aligned with CUE_IDS. */
  cueWeights: Float64Array;
  /** Hashed feature weights; real weight = weights[i] * weightScale (int8 as shipped: 1 MB stays in cache). */
  weights: Weights;
  weightScale: number;
  /** Platt scaling: p = sigmoid(a * logit + b), fitted on a held-out split. */
  calibration: { a: number; b: number };
}

/**
 * The log-odds before calibration. Deliberately language-blind: weights are shared by all languages (a Swedish
 * model learns from Danish and Norwegian lines, German from Dutch), and a per-language offset only learnt each
 * corpus's share of angry lines, which says nothing about an email.
 */
export function rawLogit(p: ToneParameters, f: TextFeatures): number {
  let z = p.bias + angriestChunk(p.weights, p.weightScale, f).logit;
  for (const hit of f.cues) z += p.cueWeights[CUE_IDS.indexOf(hit.id)] ?? 0;
  return z;
}

/** The chunk with the highest learnt score and that score; index -1 and logit 0 for a text without words. */
export function angriestChunk(
  weights: Weights,
  weightScale: number,
  f: TextFeatures,
): { index: number; logit: number } {
  let index = -1;
  let logit = 0;
  let from = 0;
  for (let k = 0; k < f.chunkEnds.length; k++) {
    const to = f.chunkEnds[k] as number;
    let sum = 0;
    for (let i = from; i < to; i++) sum += weights[f.slots[i] as number] as number;
    const z = sum * weightScale * (f.chunkScales[k] as number);
    if (index < 0 || z > logit) [index, logit] = [k, z];
    from = to;
  }
  return { index, logit };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function calibrated(p: ToneParameters, logit: number): number {
  const s = sigmoid(p.calibration.a * logit + p.calibration.b);
  return Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
}
