/**
 * Trains one head (heads.ts) by logistic regression with AdaGrad over the email features: the dense features
 * and the hashed table learn together; L2 on both keeps rare features from memorising single training mails.
 * Deterministic (fixed shuffle seed).
 */
import { DENSE_NAMES, type EmailFeatures } from '../../src/triage/tone/email-features.ts';
import { EMAIL_COPY, type Head } from '../../src/triage/tone/heads.ts';
import { sigmoid } from '../../src/triage/tone/parameters.ts';

export interface HeadRow {
  f: EmailFeatures;
  label: 0 | 1;
  weight: number;
  /** A general-corpus line: it teaches the shared features only, never the client-mail copies. */
  general?: boolean;
}

export interface HeadOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  denseL2: number;
  seed: number;
  /** Learn client-mail copies of every feature beside the shared ones (heads.ts, EMAIL_COPY). */
  emailCopy?: boolean;
  /** The value of a client-mail copy feature (heads.ts, copyValue); 1 when not given. */
  copyValue?: number;
  /**
   * Dense weights start here and are pulled back towards it instead of towards zero (DENSE_NAMES order): a curated
   * cue the corpus rarely shows ("Brilliant. Just brilliant.") keeps its prior rather than vanish.
   */
  densePrior?: Float64Array;
}

export const HEAD_DEFAULTS: HeadOptions = {
  bits: 18,
  epochs: 12,
  learningRate: 0.2,
  l2: 1e-4,
  denseL2: 1e-3,
  seed: 7,
};

function shuffled(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function trainHead(rows: HeadRow[], o: HeadOptions): Head {
  const size = 1 << o.bits;
  const mask = size - 1;
  const table = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-6);
  const prior = o.densePrior ?? new Float64Array(DENSE_NAMES.length);
  const dense = Float64Array.from(prior);
  const denseG2 = new Float64Array(DENSE_NAMES.length).fill(1e-6);
  let bias = 0;
  let biasG2 = 1e-6;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(rows.length, o.seed + epoch);
    for (const index of order) {
      const r = rows[index]!;
      const f = r.f;
      let z = bias;
      const copy = o.emailCopy === true && r.general !== true;
      const cv = o.copyValue ?? 1;
      let sparse = 0;
      for (let i = 0; i < f.hashes.length; i++) {
        sparse += table[f.hashes[i]! & mask]!;
        if (copy) sparse += cv * table[(f.hashes[i]! ^ EMAIL_COPY) & mask]!;
      }
      z += sparse * f.scale;
      for (let i = 0; i < dense.length; i++) if (f.dense[i] !== 0) z += f.dense[i]! * dense[i]!;
      const g = (sigmoid(z) - r.label) * r.weight;
      biasG2 += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(biasG2);
      for (let i = 0; i < f.hashes.length; i++) {
        for (let c = 0; c < (copy ? 2 : 1); c++) {
          const s = (c === 0 ? f.hashes[i]! : f.hashes[i]! ^ EMAIL_COPY) & mask;
          const grad = g * f.scale * (c === 0 ? 1 : cv) + o.l2 * table[s]!;
          g2[s] = g2[s]! + grad * grad;
          table[s] = table[s]! - (o.learningRate * grad) / Math.sqrt(g2[s]!);
        }
      }
      for (let i = 0; i < dense.length; i++) {
        const v = f.dense[i]!;
        if (v === 0) continue;
        const grad = g * v + o.denseL2 * (dense[i]! - prior[i]!);
        denseG2[i] = denseG2[i]! + grad * grad;
        dense[i] = dense[i]! - (o.learningRate * grad) / Math.sqrt(denseG2[i]!);
      }
    }
  }
  return {
    bits: o.bits,
    bias,
    dense,
    table,
    tableScale: 1,
    calibration: { a: 1, b: 0 },
    emailCopy: o.emailCopy === true,
    copyValue: o.copyValue ?? 1,
  };
}
