/**
 * Logistic regression by AdaGrad SGD over the hashed features plus the curated cue features. Cue weights are
 * pulled towards their curated prior instead of towards zero: the training corpora (subtitles, Reddit) rarely
 * contain "we end the contract", and a cue the data never sees should keep its prior rather than vanish.
 */
import { CUE_IDS, CUE_PRIORS } from '../../src/triage/tone/cues.ts';
import type { TextFeatures } from '../../src/triage/tone/features.ts';
import { angriestChunk, sigmoid, type ToneParameters } from '../../src/triage/tone/parameters.ts';

export interface TrainingRow {
  f: TextFeatures;
  cueIndices: number[];
  /** The corpus: it gets its own learnt offset during training, dropped from the shipped model (rawLogit). */
  group: string;
  label: 0 | 1;
  weight: number;
}

export interface SgdOptions {
  hashBits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  cuePriorStrength: number;
  seed: number;
}

/** Deterministic shuffle (mulberry32) so that the same data gives the same model.json. */
function shuffle<T>(items: T[], seed: number): void {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

export function trainSgd(rows: TrainingRow[], o: SgdOptions): ToneParameters {
  const size = 1 << o.hashBits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-6);
  const cue = Float64Array.from(CUE_PRIORS);
  const cueG2 = new Float64Array(CUE_IDS.length).fill(1e-6);
  const groups = new Map<string, { w: number; g2: number }>();
  let bias = 0;
  let biasG2 = 1e-6;
  const order = rows.slice();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, o.seed + epoch);
    for (const r of order) {
      let group = groups.get(r.group);
      if (!group) groups.set(r.group, (group = { w: 0, g2: 1e-6 }));
      // As in scoring, only the angriest chunk counts, so only its weights learn (multiple-instance style).
      const best = angriestChunk(w, 1, r.f);
      const k = best.index;
      const from = r.f.chunkEnds[k - 1] ?? 0;
      const to = k < 0 ? 0 : (r.f.chunkEnds[k] as number);
      const scale = k < 0 ? 0 : (r.f.chunkScales[k] as number);
      let z = bias + group.w + best.logit;
      for (const c of r.cueIndices) z += cue[c] as number;
      const g = (sigmoid(z) - r.label) * r.weight;
      biasG2 += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(biasG2);
      group.g2 += g * g;
      group.w -= (o.learningRate * g) / Math.sqrt(group.g2);
      for (let i = from; i < to; i++) {
        const s = r.f.slots[i] as number;
        const grad = g * scale + o.l2 * (w[s] as number);
        g2[s] = (g2[s] as number) + grad * grad;
        w[s] = (w[s] as number) - (o.learningRate * grad) / Math.sqrt(g2[s] as number);
      }
      for (const c of r.cueIndices) {
        const grad = g + o.cuePriorStrength * ((cue[c] as number) - (CUE_PRIORS[c] as number));
        cueG2[c] = (cueG2[c] as number) + grad * grad;
        cue[c] = (cue[c] as number) - (o.learningRate * grad) / Math.sqrt(cueG2[c] as number);
      }
    }
  }
  return {
    hashBits: o.hashBits,
    bias,
    cueWeights: cue,
    weights: w,
    weightScale: 1,
    calibration: { a: 1, b: 0 },
  };
}
