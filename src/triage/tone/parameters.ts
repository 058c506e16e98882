import { CUE_IDS } from './cues.ts';
import type { TextFeatures } from './features.ts';

/** The numbers of the linear model, as trained and as decoded from model.json. */
export interface ToneParameters {
  hashBits: number;
  bias: number;
  /** Aligned with CUE_IDS. */
  cueWeights: Float64Array;
  weights: Float32Array;
  /** Platt scaling: p = sigmoid(a * logit + b), fitted on a held-out split. */
  calibration: { a: number; b: number };
}

/**
 * The log-odds before calibration. Deliberately language-blind: weights are shared by all languages (a Swedish
 * model learns from Danish and Norwegian lines, German from Dutch), and a per-language offset only learnt each
 * corpus's share of angry lines, which says nothing about an email.
 */
export function rawLogit(p: ToneParameters, f: TextFeatures): number {
  let z = p.bias + chunkLogit(p.weights, f, angriestChunk(p.weights, f));
  for (const hit of f.cues) z += p.cueWeights[CUE_IDS.indexOf(hit.id)] ?? 0;
  return z;
}

/** The learnt part of chunk k: its slots' weights times the chunk's feature value (0 without chunks). */
export function chunkLogit(weights: Float32Array, f: TextFeatures, k: number): number {
  if (k < 0) return 0;
  let sum = 0;
  for (let i = f.chunkEnds[k - 1] ?? 0; i < (f.chunkEnds[k] as number); i++)
    sum += weights[f.slots[i] as number] ?? 0;
  return sum * (f.chunkScales[k] as number);
}

/** Index of the chunk with the highest learnt score, or -1 for a text without words. */
export function angriestChunk(weights: Float32Array, f: TextFeatures): number {
  let best = -1;
  let bestZ = -Infinity;
  for (let k = 0; k < f.chunkEnds.length; k++) {
    const z = chunkLogit(weights, f, k);
    if (z > bestZ) [best, bestZ] = [k, z];
  }
  return best;
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
