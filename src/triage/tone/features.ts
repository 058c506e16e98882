import { detectCues, type CueHit } from './cues.ts';
import { combineHashes, fnv1a } from './hash.ts';
import { capText, tokenize } from './text.ts';

/** Word prefixes stand in for stemming: "kündige", "kündigen" and "kündigung" share "kündi". */
const PREFIX_LENGTH = 5;
const PREFIX_SEED = 0x2f1a3b5c;

/** The hashed view of one text, identical in training and in scoring. */
export interface TextFeatures {
  /** Slots into the weight table (repeats add up). */
  slots: number[];
  /** Every hashed feature has this value: 1/sqrt(tokens), so long emails do not pile up evidence. */
  scale: number;
  /** Distinct word tokens with the slot of their unigram feature, for explaining a score. */
  words: { word: string; slot: number }[];
  cues: CueHit[];
}

export function extractFeatures(raw: unknown, hashBits: number): TextFeatures {
  const original = capText(raw);
  const lower = original.toLowerCase();
  const tokens = tokenize(lower);
  const mask = (1 << hashBits) - 1;
  const slots: number[] = [];
  const words: { word: string; slot: number }[] = [];
  const seen = new Set<string>();
  let previous = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const h = fnv1a(token);
    const slot = h & mask;
    slots.push(slot);
    if (token.length > PREFIX_LENGTH + 1)
      slots.push(fnv1a(token.slice(0, PREFIX_LENGTH), PREFIX_SEED) & mask);
    if (i > 0) slots.push(combineHashes(previous, h) & mask);
    previous = h;
    if (token.length >= 3 && !seen.has(token)) {
      seen.add(token);
      words.push({ word: token, slot });
    }
  }
  return {
    slots,
    scale: tokens.length === 0 ? 0 : 1 / Math.sqrt(tokens.length),
    words,
    cues: detectCues(original, lower),
  };
}
