import type { EmailFeatures } from './email-features.ts';
import { sigmoid } from './parameters.ts';

/**
 * The learned heads over one set of email features. Each is a logistic model: a bias, a weight per dense
 * feature (DENSE_NAMES), and a hashed weight table; Platt calibration (fitted on out-of-fold predictions of the
 * training corpus) turns its logit into a probability.
 *
 * - anger: intensity ≥ 2 (the `angry` label); concerned: intensity ≥ 1; hostile: intensity 3 — together the level;
 * - urgent: the `urgent` label;
 * - payment:<kind>: one against the rest for each payment label; the most probable kind wins.
 */
export const HEAD_NAMES = [
  'anger',
  'concerned',
  'hostile',
  'urgent',
  'payment:none',
  'payment:promise',
  'payment:paid',
  'payment:dispute',
  'payment:extension',
] as const;
export type HeadName = (typeof HEAD_NAMES)[number];

export interface Head {
  bits: number;
  bias: number;
  /** Aligned with DENSE_NAMES. */
  dense: Float64Array;
  /** Real weight = table[i] * tableScale. */
  table: Int8Array | Float32Array;
  tableScale: number;
  calibration: { a: number; b: number };
  /**
   * Each feature also has a client-mail copy (hash ^ EMAIL_COPY): a head that learns from general corpora too
   * keeps what is particular to client mail there ("frustratingly easy" domain adaptation, Daumé 2007). Scoring
   * always reads both, since Tactful only ever scores mail.
   */
  emailCopy: boolean;
  /**
   * The value of every client-mail copy feature (1 in the first model). Below 1 a copy must grow a larger weight
   * to say the same, which the L2 penalty resists: client mail then overrules the general corpora only where it
   * has much to say, and routine mail that is not client mail is read more like the general corpora read it.
   */
  copyValue: number;
}

/** The seed that moves a feature to its client-mail copy. */
export const EMAIL_COPY = 0x5eed_e3a1;

/** Sum of the hashed weights of word token k's features (unscaled), for explaining a score. */
export function tokenWeight(head: Head, f: EmailFeatures, k: number): number {
  const mask = (1 << head.bits) - 1;
  let sum = 0;
  for (let i = f.tokenFrom[k] as number; i < (f.tokenFrom[k + 1] as number); i++) {
    const h = f.hashes[i] as number;
    sum += head.table[h & mask] as number;
    if (head.emailCopy) sum += head.copyValue * (head.table[(h ^ EMAIL_COPY) & mask] as number);
  }
  return sum * head.tableScale * f.scale;
}

export function headLogit(head: Head, f: EmailFeatures): number {
  const mask = (1 << head.bits) - 1;
  let sparse = 0;
  if (head.emailCopy) {
    let copies = 0;
    for (let i = 0; i < f.hashes.length; i++) {
      const h = f.hashes[i] as number;
      sparse += head.table[h & mask] as number;
      copies += head.table[(h ^ EMAIL_COPY) & mask] as number;
    }
    sparse += head.copyValue * copies;
  } else
    for (let i = 0; i < f.hashes.length; i++) sparse += head.table[(f.hashes[i] as number) & mask] as number;
  let z = head.bias + sparse * head.tableScale * f.scale;
  for (let i = 0; i < f.dense.length; i++) {
    const v = f.dense[i] as number;
    if (v !== 0) z += v * (head.dense[i] as number);
  }
  return z;
}

export function headProbability(head: Head, logit: number): number {
  const p = sigmoid(head.calibration.a * logit + head.calibration.b);
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
}

/**
 * Heads with tables of one size, interleaved: the weights of every head for a slot sit side by side, so a
 * feature costs one memory access for all of them instead of one per head (a message has ~1,000 features and
 * the tables do not fit in the CPU cache). Logits are the same as headLogit's.
 */
export class PackedHeads {
  private readonly table: Int8Array;
  private readonly mask: number;
  private readonly stride: number;
  private readonly sums: Float64Array;

  constructor(private readonly heads: Head[]) {
    const bits = heads[0]?.bits ?? 10;
    if (heads.some((h) => h.bits !== bits || !(h.table instanceof Int8Array) || h.emailCopy))
      throw new Error('packed heads need int8 tables of one size, without client-mail copies');
    this.stride = heads.length;
    this.mask = (1 << bits) - 1;
    this.table = new Int8Array((1 << bits) * this.stride);
    heads.forEach((h, k) => {
      for (let i = 0; i <= this.mask; i++) this.table[i * this.stride + k] = h.table[i] as number;
    });
    this.sums = new Float64Array(this.stride);
  }

  /** Logits of every head, in the order given to the constructor. */
  logits(f: EmailFeatures): number[] {
    const { table, mask, stride, sums } = this;
    const hashes = f.hashes;
    // The weights are int8, so the sums are exact integers whatever the order: eight heads (the shipped model)
    // are summed in registers, unrolled.
    if (stride === 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0; // prettier-ignore
      for (let i = 0; i < hashes.length; i++) {
        const base = ((hashes[i] as number) & mask) << 3;
        s0 += table[base] as number;
        s1 += table[base + 1] as number;
        s2 += table[base + 2] as number;
        s3 += table[base + 3] as number;
        s4 += table[base + 4] as number;
        s5 += table[base + 5] as number;
        s6 += table[base + 6] as number;
        s7 += table[base + 7] as number;
      }
      sums[0] = s0;
      sums[1] = s1;
      sums[2] = s2;
      sums[3] = s3;
      sums[4] = s4;
      sums[5] = s5;
      sums[6] = s6;
      sums[7] = s7;
    } else {
      sums.fill(0);
      for (let i = 0; i < hashes.length; i++) {
        const base = ((hashes[i] as number) & mask) * stride;
        for (let k = 0; k < stride; k++) sums[k] = (sums[k] as number) + (table[base + k] as number);
      }
    }
    return this.heads.map((h, k) => {
      let z = h.bias + (sums[k] as number) * h.tableScale * f.scale;
      for (let i = 0; i < f.dense.length; i++) {
        const v = f.dense[i] as number;
        if (v !== 0) z += v * (h.dense[i] as number);
      }
      return z;
    });
  }
}
