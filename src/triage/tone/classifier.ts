/**
 * How anger is scored. The built-in model is a compact linear model trained from GoEmotions and XED
 * (scripts/train-tone.ts); an external model (e.g. an OpenAI-compatible endpoint) can implement the same
 * interface later. Implementations must be safe to call concurrently and must not throw on odd text.
 */
export interface ToneScore {
  /** Calibrated probability that the text is angry, in [0, 1]. */
  score: number;
  /** Human-readable reasons for a lead, most important first (e.g. `"still waiting"`, `shouting in capitals`). */
  cues: string[];
}

export interface ToneClassifier {
  readonly name: string;
  /** `text` is the new text of a message (quotes and signature stripped); `language` is ISO 639-1 or `und`. */
  score(text: string, language: string): ToneScore;
}
