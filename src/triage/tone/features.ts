import { CUE_TRIGGERS } from './cue-triggers.ts';
import { detectCues, type CueHit } from './cues.ts';
import { isWordUnit } from './char-class.ts';
import { combineHashes, fnv1a } from './hash.ts';
import { capText, MAX_TOKENS } from './text.ts';

/** Word prefixes stand in for stemming: "kündige", "kündigen" and "kündigung" share "kündi". */
const PREFIX_LENGTH = 5;
const PREFIX_SEED = 0x2f1a3b5c;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const EXCLAIM_HASH = fnv1a('!');
const QUESTION_HASH = fnv1a('?');

/** The hashed view of one text, identical in training and in scoring. */
export interface TextFeatures {
  /** Slots into the weight table (repeats add up). */
  slots: number[];
  /** Every hashed feature has this value: 1/sqrt(tokens), so long emails do not pile up evidence. */
  scale: number;
  /** Unigram slot and [start, end) in `lower` of each word token, for explaining a score. */
  wordSlots: number[];
  wordSpans: number[];
  lower: string;
  cues: CueHit[];
}

/**
 * One pass over the lower-cased text: words are hashed while they are read (FNV-1a, the same as fnv1a()), so
 * no substring is allocated per token. The pass also notes which cue expressions can match (CUE_TRIGGERS) and
 * the longest run of words written in capitals, found by comparing the original with its lower-case form.
 */
export function extractFeatures(raw: unknown, hashBits: number): TextFeatures {
  const original = capText(raw);
  const lower = original.toLowerCase();
  // toLowerCase can change the length (e.g. "İ"); then capitals are judged by cues.ts on the original alone.
  const comparable = lower.length === original.length;
  const mask = (1 << hashBits) - 1;
  const slots: number[] = [];
  const wordSlots: number[] = [];
  const wordSpans: number[] = [];
  const triggers: number[] = [];
  let tokens = 0;
  let previous = 0;
  let capsRun = 0;
  let bestCapsRun = 0;
  let capsWords = 0;
  let words = 0;
  const add = (h: number) => {
    slots.push(h & mask);
    if (tokens > 0) slots.push(combineHashes(previous, h) & mask);
    previous = h;
    tokens++;
  };
  for (let i = 0; i < lower.length && tokens < MAX_TOKENS; i++) {
    const code = lower.charCodeAt(i);
    if (code === 33 || code === 63) {
      add(code === 33 ? EXCLAIM_HASH : QUESTION_HASH);
      continue;
    }
    if (!isWordUnit(code)) continue;
    const start = i;
    let h = FNV_OFFSET;
    let upper = 0;
    let triggered = 0;
    for (; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (!isWordUnit(c)) break;
      h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
      const length = i - start + 1;
      if (length === PREFIX_LENGTH) {
        triggered |= CUE_TRIGGERS.get(h) ?? 0;
        slots.push(combineHashes(PREFIX_SEED, h) & mask);
      }
      if (comparable && original.charCodeAt(i) !== c) upper++;
    }
    const length = i - start;
    if (length >= 3 && length < PREFIX_LENGTH) triggered |= CUE_TRIGGERS.get(h) ?? 0;
    if (triggered !== 0) triggers.push(triggered, start, start + length);
    i--; // the outer loop's i++ must look at the separator again (it may be '!' or '?')
    add(h);
    wordSlots.push(h & mask);
    wordSpans.push(start, start + length);
    if (length >= 2) {
      words++;
      const shouted = upper === length;
      if (shouted) capsWords++;
      capsRun = shouted ? capsRun + 1 : 0;
      if (capsRun > bestCapsRun) bestCapsRun = capsRun;
    }
  }
  const style = comparable ? { bestCapsRun, capsWords, words } : undefined;
  return {
    slots,
    scale: tokens === 0 ? 0 : 1 / Math.sqrt(tokens),
    wordSlots,
    wordSpans,
    lower,
    cues: detectCues(original, lower, triggers, style),
  };
}
