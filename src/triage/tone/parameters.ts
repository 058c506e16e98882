import { CUE_IDS } from './cues.ts';
import type { TextFeatures } from './features.ts';

/** The numbers of the linear model, as trained and as decoded from model.json. */
export interface ToneParameters {
  hashBits: number;
  bias: number;
  /** Per-language offset (ISO 639-1); unknown languages get none. */
  languageBias: Map<string, number>;
  /** Aligned with CUE_IDS. */
  cueWeights: Float64Array;
  weights: Float32Array;
  /** Platt scaling: p = sigmoid(a * logit + b), fitted on a held-out split. */
  calibration: { a: number; b: number };
}

export function rawLogit(p: ToneParameters, f: TextFeatures, language: string): number {
  let z = p.bias + (p.languageBias.get(language) ?? 0);
  let sum = 0;
  for (const slot of f.slots) sum += p.weights[slot] ?? 0;
  z += sum * f.scale;
  for (const hit of f.cues) z += p.cueWeights[CUE_IDS.indexOf(hit.id)] ?? 0;
  return z;
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
