/** Binary classification metrics shared by the trainer and the benchmark. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** True positives, false positives and false negatives of the scores at a threshold. */
function confusion(
  scores: number[],
  labels: number[],
  threshold: number,
): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const predicted = s >= threshold;
    if (predicted && labels[i] === 1) tp++;
    else if (predicted) fp++;
    else if (labels[i] === 1) fn++;
  });
  return { tp, fp, fn };
}

export function prf(scores: number[], labels: number[], threshold: number): Prf {
  const { tp, fp, fn } = confusion(scores, labels, threshold);
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** ROC AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function rocAuc(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i] as number] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k]![1] === 1) {
        rankSum += averageRank;
        positives++;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The threshold that maximises F1 on a tuning set (candidate = every distinct score). */
export function bestF1Threshold(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i] as number] as const).sort((a, b) => b[0] - a[0]);
  const totalPositives = labels.filter((l) => l === 1).length;
  let tp = 0;
  let fp = 0;
  let best = { f1: -1, threshold: Infinity };
  for (let i = 0; i < order.length; i++) {
    if (order[i]![1] === 1) tp++;
    else fp++;
    if (i + 1 < order.length && order[i + 1]![0] === order[i]![0]) continue;
    const f1 = (2 * tp) / (tp + fp + totalPositives);
    if (f1 > best.f1) best = { f1, threshold: order[i]![0] };
  }
  return best.threshold;
}

/**
 * F1 with every negative counted `negativeWeight` times: the F1 the same classifier would reach where negatives
 * are that much more common than in the sample (a prior shift; 1 is plain F1).
 */
export function weightedF1(
  scores: number[],
  labels: number[],
  threshold: number,
  negativeWeight = 1,
): number {
  const { tp, fp, fn } = confusion(scores, labels, threshold);
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + negativeWeight * fp + fn);
}

/** How many times more common negatives are at `prior` than in labels with positive share `samplePrior`. */
export function negativeWeightFor(samplePrior: number, prior: number): number {
  return ((1 - prior) / prior) * (samplePrior / (1 - samplePrior));
}

/**
 * The threshold with the best MEAN F1 over bootstrap resamples of the tuning set. The plain F1 optimum of a
 * few hundred positives sits on a noisy spike; averaging over resamples picks the middle of the plateau, which
 * carries over to new data far better. Deterministic (fixed seed). Used for every method alike. With
 * `negativeWeight` (negativeWeightFor) the F1 is the one expected at another prior (weightedF1).
 */
export function stableF1Threshold(
  scores: number[],
  labels: number[],
  resamples = 40,
  negativeWeight = 1,
): number {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  const candidates: number[] = [];
  for (let q = 1; q < 400; q++) candidates.push(sorted[Math.floor((q / 400) * sorted.length)] as number);
  const unique = [...new Set(candidates)];
  const meanF1 = new Float64Array(unique.length);
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let r = 0; r < resamples; r++) {
    const idx = scores.map(() => Math.floor(random() * scores.length));
    const s = idx.map((i) => scores[i] as number);
    const l = idx.map((i) => labels[i] as number);
    unique.forEach((t, c) => (meanF1[c] = (meanF1[c] as number) + weightedF1(s, l, t, negativeWeight)));
  }
  let best = 0;
  for (let c = 1; c < unique.length; c++) if ((meanF1[c] as number) > (meanF1[best] as number)) best = c;
  return unique[best] ?? 0.5;
}
