/**
 * Platt scaling (Platt 1999, with the Lin/Lin/Weng 2007 target smoothing): fits p = sigmoid(a*z + b) to
 * held-out logits by Newton's method, so the shipped angerScore is a probability and not a raw margin.
 */
export function fitPlatt(logits: number[], labels: number[], weights?: number[]): { a: number; b: number } {
  const wt = (i: number) => weights?.[i] ?? 1;
  let pos = 0;
  let neg = 0;
  labels.forEach((l, i) => (l === 1 ? (pos += wt(i)) : (neg += wt(i))));
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    logits.forEach((z, i) => {
      const t = labels[i] === 1 ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const d = (p - t) * wt(i);
      const h = p * (1 - p) * wt(i);
      ga += d * z;
      gb += d;
      haa += h * z * z;
      hab += h * z;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
