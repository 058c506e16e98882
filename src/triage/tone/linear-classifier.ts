import type { ToneClassifier, ToneScore } from './classifier.ts';
import { CUE_IDS, describeCue } from './cues.ts';
import { extractFeatures } from './features.ts';
import { calibrated, rawLogit, type ToneParameters } from './parameters.ts';

/** A word is named as a reason only when it alone moves the log-odds this much towards anger. */
const MIN_WORD_CONTRIBUTION = 0.25;
const MAX_WORD_REASONS = 3;
/**
 * Learnt words are only named for messages that score at least this: weights are shared across languages, so
 * in a calm Italian email "dare" (to give) carries the weight of English "how dare you" — true to the model,
 * but noise to a lead.
 */
const WORD_REASONS_FROM = 0.3;

/** Scores tone with the hashed linear model; pure and synchronous, so concurrent calls cannot interfere. */
export class LinearToneClassifier implements ToneClassifier {
  readonly name = 'tactful-linear';

  constructor(private readonly params: ToneParameters) {}

  /** `language` is not needed: the weights are shared by all languages (see rawLogit). */
  score(text: string, _language: string): ToneScore {
    const f = extractFeatures(text, this.params.hashBits);
    // No words and no cues (empty, emoji-only, binary noise): there is nothing angry to report.
    if (f.slots.length === 0 && f.cues.length === 0) return { score: 0, cues: [] };
    const score = calibrated(this.params, rawLogit(this.params, f));
    const reasons: { text: string; weight: number }[] = [];
    for (const hit of f.cues) {
      const weight = this.params.cueWeights[CUE_IDS.indexOf(hit.id)] ?? 0;
      if (weight > 0) reasons.push({ text: describeCue(hit), weight });
    }
    const words: { text: string; weight: number }[] = [];
    const { weights, weightScale } = this.params;
    let from = 0;
    for (let k = 0; score >= WORD_REASONS_FROM && k < f.chunkWordEnds.length; k++) {
      const to = f.chunkWordEnds[k] as number;
      for (let i = from; i < to; i++) {
        const weight =
          (weights[f.wordSlots[i] as number] as number) * weightScale * (f.chunkScales[k] as number);
        if (weight < MIN_WORD_CONTRIBUTION) continue;
        const text = `"${f.lower.slice(f.wordStarts[i], f.wordEnds[i])}"`;
        if (!words.some((w) => w.text === text) && !reasons.some((r) => r.text.includes(text)))
          words.push({ text, weight });
      }
      from = to;
    }
    words.sort((a, b) => b.weight - a.weight).splice(MAX_WORD_REASONS);
    reasons.push(...words);
    reasons.sort((a, b) => b.weight - a.weight);
    return { score, cues: reasons.map((r) => r.text) };
  }
}
