import type { PaymentKind } from '../payment.ts';

/**
 * How a message is judged. The built-in model (email-classifier.ts) is a set of linear heads learnt on the
 * project's client-mail corpus over a background model of general corpora (scripts/train-tone.ts); an external
 * model (e.g. an OpenAI-compatible endpoint) can implement the same interface later. Implementations must be
 * safe to call concurrently and must not throw on odd text.
 */
export type { AngerLevel } from '../../model/triage-result.ts';

export interface ToneScore {
  /** Calibrated probability that the sender is angry with the agency, in [0, 1]. */
  score: number;
  /**
   * The phrases that decided it, most important first, quoted from the new text only (e.g.
   * `threat to cancel: "end the contract"`, `"still not fixed"`, `shouting in capitals: "THREE TIMES"`).
   */
  cues: string[];
  /**
   * Calibrated probabilities of intensity ≥ 1 (concerned or worse) and of intensity 3 (hostile); with `score`
   * (intensity ≥ 2) they give the level (level.ts).
   */
  intensity?: { concerned: number; hostile: number };
  /** Something is down, money is being lost, a deadline today or tomorrow, an ultimatum. */
  urgent?: { score: number; urgent: boolean; cues: string[] };
  /** Payment talk as the model reads it (rules are features of it). */
  payment?: { kind: PaymentKind; cues: string[] };
}

export interface ToneClassifier {
  readonly name: string;
  /**
   * `text` is the new text of a message (quotes, signature, disclaimers stripped); `subject` the subject when
   * the sender wrote it fresh for this message (it counts for the score, but cues quote the new text only);
   * `language` is ISO 639-1 or `und`.
   */
  score(text: string, language: string, subject?: string): ToneScore;
}
