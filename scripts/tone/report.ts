/** Figures of out-of-fold predictions, printed by the trainer and stored in the model's metadata. */
import { TONE_LANGS } from './corpus-schema.ts';
import type { EmailRow } from './email-rows.ts';
import { prf, type Prf } from './metrics.ts';

const round = (x: number) => Math.round(x * 1000) / 1000;
export const roundPrf = (m: Prf) => ({
  precision: round(m.precision),
  recall: round(m.recall),
  f1: round(m.f1),
});

export function perLanguage(rows: EmailRow[], scores: number[], labels: number[], threshold: number) {
  const out: Record<string, ReturnType<typeof roundPrf> & { n: number }> = {};
  for (const lang of TONE_LANGS) {
    const idx = rows.map((r, i) => (r.m.lang === lang ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    out[lang] = {
      n: idx.length,
      ...roundPrf(
        prf(
          idx.map((i) => scores[i]!),
          idx.map((i) => labels[i]!),
          threshold,
        ),
      ),
    };
  }
  return out;
}

/** Share of angry messages per band of predicted probability: calibrated when the two columns agree. */
export function reliability(scores: number[], labels: number[], bands = 5) {
  const out: { band: string; n: number; meanPredicted: number; observed: number }[] = [];
  for (let b = 0; b < bands; b++) {
    const lo = b / bands;
    const hi = (b + 1) / bands;
    const idx = scores
      .map((s, i) => (s >= lo && (s < hi || (b === bands - 1 && s <= 1)) ? i : -1))
      .filter((i) => i >= 0);
    const mean = idx.reduce((a, i) => a + scores[i]!, 0) / (idx.length || 1);
    const obs = idx.reduce((a, i) => a + labels[i]!, 0) / (idx.length || 1);
    out.push({
      band: `${lo.toFixed(1)}–${hi.toFixed(1)}`,
      n: idx.length,
      meanPredicted: round(mean),
      observed: round(obs),
    });
  }
  return out;
}
