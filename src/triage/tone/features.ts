import { isAcronymHash } from './acronyms.ts';
import { CUE_STEM_TRIGGERS, CUE_TRIGGERS } from './cue-triggers.ts';
import { detectCues, type CueHit } from './cues.ts';
import { isWordUnit } from './char-class.ts';
import { combineHashes, fnv1a } from './hash.ts';
import { capText, MAX_TOKENS } from './text.ts';

/** Word prefixes of 4, 5 and 7 letters stand in for stemming: "kündige", "kündigen" and "kündigung" share them. */
const PREFIX_LENGTH = 5;
const LENGTH_SEED = 0x1e1e1e1e;
const PREFIX_SEED = 0x2f1a3b5c;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/**
 * Texts are scored in chunks of about a sentence or two (MIN_CHUNK to MAX_CHUNK tokens), and the angriest
 * chunk counts. The corpora are single lines and short comments; summing a long email's hundreds of neutral
 * words would drown its one angry sentence (and averaging would dilute it).
 */
export const MIN_CHUNK = 12;
export const MAX_CHUNK = 40;
const EXCLAIM_HASH = fnv1a('!');
/**
 * Scratch space for the slots of one text (at most 5 per token plus one per chunk), reused across calls: scoring
 * is synchronous, and the result gets its own copy, so sharing it is safe and spares thousands of array pushes.
 */
const buffer = new Int32Array(MAX_TOKENS * 6 + 64);
const wordBuffer = new Int32Array(MAX_TOKENS);
const startBuffer = new Int32Array(MAX_TOKENS);
const endBuffer = new Int32Array(MAX_TOKENS);
const QUESTION_HASH = fnv1a('?');

/** The hashed view of one text, identical in training and in scoring. */
export interface TextFeatures {
  /** Slots into the weight table (repeats add up). */
  slots: Int32Array;
  /** Chunk k covers slots[chunkEnds[k-1] ?? 0 .. chunkEnds[k]) and has feature value chunkScales[k]. */
  chunkEnds: number[];
  /** 1/log2(tokens + 1) of the chunk: longer chunks carry more words, each counting a little less. */
  chunkScales: number[];
  /** Unigram slot, its value and [start, end) in `lower` of each word token, for explaining a score. */
  wordSlots: Int32Array;
  wordStarts: Int32Array;
  wordEnds: Int32Array;
  /** Words of chunk k are wordSlots[chunkWordEnds[k-1] ?? 0 .. chunkWordEnds[k]). */
  chunkWordEnds: number[];
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
  let n = 0;
  const chunkEnds: number[] = [];
  const chunkScales: number[] = [];
  const chunkWordEnds: number[] = [];
  let nWords = 0;
  const triggers: number[] = [];
  let tokens = 0;
  let chunkTokens = 0;
  let previous = 0;
  let capsRun = 0;
  let bestCapsRun = 0;
  let capsWords = 0;
  let words = 0;
  const add = (h: number) => {
    buffer[n++] = h & mask;
    if (chunkTokens > 0) buffer[n++] = combineHashes(previous, h) & mask;
    previous = h;
    tokens++;
    chunkTokens++;
  };
  const closeChunk = () => {
    if (chunkTokens === 0) return;
    // Length in half-octaves of tokens: very short lines ("Shut up!") lean angry in the corpora.
    buffer[n++] = combineHashes(LENGTH_SEED, Math.min(12, Math.round(Math.log2(chunkTokens + 1) * 2))) & mask;
    const scale = 1 / Math.log2(chunkTokens + 1);
    chunkWordEnds.push(nWords);
    chunkEnds.push(n);
    chunkScales.push(scale);
    chunkTokens = 0;
  };
  for (let i = 0; i < lower.length && tokens < MAX_TOKENS; i++) {
    const code = lower.charCodeAt(i);
    if (code === 33 || code === 63) {
      add(code === 33 ? EXCLAIM_HASH : QUESTION_HASH);
      continue;
    }
    if (!isWordUnit(code)) {
      // Sentence ends (. ; newline) close a chunk that has enough words; '!' and '?' end one at the next word.
      if ((code === 46 || code === 59 || code === 10) && chunkTokens >= MIN_CHUNK) closeChunk();
      continue;
    }
    if (chunkTokens >= MAX_CHUNK) closeChunk();
    const start = i;
    let h = FNV_OFFSET;
    let upper = 0;
    let triggered = 0;
    for (; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      if (!isWordUnit(c)) break;
      // int32, not uint32: the same bits (all uses are bitwise) without V8 boxing values above 2^31.
      h = Math.imul(h ^ c, FNV_PRIME);
      const length = i - start + 1;
      if (length === 3 || length === 4) triggered |= CUE_STEM_TRIGGERS.get(h);
      if (length === PREFIX_LENGTH) {
        triggered |= CUE_TRIGGERS.get(h);
        buffer[n++] = combineHashes(PREFIX_SEED, h) & mask;
      }
      if (length === 4 || length === 7) buffer[n++] = combineHashes(PREFIX_SEED + length, h) & mask;
      if (comparable && original.charCodeAt(i) !== c) upper++;
    }
    const length = i - start;
    if (length >= 3 && length < PREFIX_LENGTH) triggered |= CUE_TRIGGERS.get(h);
    if (triggered !== 0) triggers.push(triggered, start, start + length);
    i--; // the outer loop's i++ must look at the separator again (it may be '!' or '?')
    add(h);
    wordBuffer[nWords] = h & mask;
    startBuffer[nWords] = start;
    endBuffer[nWords++] = start + length;
    // Acronyms in capitals (PDF, ASAP) are neither shouting nor a break in it; see acronyms.ts.
    if (length >= 2 && !(upper === length && isAcronymHash(h))) {
      words++;
      const shouted = upper === length;
      if (shouted) capsWords++;
      capsRun = shouted ? capsRun + 1 : 0;
      if (capsRun > bestCapsRun) bestCapsRun = capsRun;
    }
  }
  closeChunk();
  const style = comparable ? { bestCapsRun, capsWords, words } : undefined;
  return {
    slots: buffer.slice(0, n),
    chunkEnds,
    chunkScales,
    wordSlots: wordBuffer.slice(0, nWords),
    wordStarts: startBuffer.slice(0, nWords),
    wordEnds: endBuffer.slice(0, nWords),
    chunkWordEnds,
    lower,
    cues: detectCues(original, lower, triggers, style),
  };
}
