import { findShouting } from './capitals.ts';
import { PHRASE_CUES } from './cue-phrases.ts';
import { latinClasses, latinOnly } from '../unicode-words.ts';

/** One cue found in a text: which rule fired and, for phrases, the words that fired it. */
export interface CueHit {
  id: string;
  label: string;
  /** The matched phrase (lower case), absent for typographic cues such as capitals. */
  phrase?: string;
}

/** Typographic cues: shouting and punctuation runs carry anger in every language. */
export const STYLE_CUES = [
  { id: 'shouting', label: 'shouting in capitals', prior: 2.0 },
  { id: 'exclaim', label: 'exclamation run (!!)', prior: 0.8 },
  { id: 'questions', label: 'repeated question marks (??)', prior: 0.8 },
] as const;

/** Every cue id in the order the model stores its weights. */
export const CUE_IDS: readonly string[] = [...PHRASE_CUES.map((c) => c.id), ...STYLE_CUES.map((c) => c.id)];
export const CUE_PRIORS: readonly number[] = [
  ...PHRASE_CUES.map((c) => c.prior),
  ...STYLE_CUES.map((c) => c.prior),
];

// Letter boundaries instead of \b: \b is ASCII-only in JavaScript and would split "ridículo" or "lächerlich".
const COMPILED = PHRASE_CUES.map((cue) => {
  // The leading boundary is checked by hand in firstMatch: a look-behind tried at every position costs 2-3x.
  const source = `(?:${cue.phrases.join('|')})(?![\\p{L}\\p{N}])`;
  // The same expression for latinOnly text, compiled several times faster (unicode-words.ts).
  return {
    id: cue.id,
    label: cue.label,
    re: new RegExp(source, 'gu'),
    latin: new RegExp(latinClasses(source), 'gu'),
  };
});

const EXCLAIM_RUN = /!\s*!|!\?|\?!/;
const QUESTION_RUN = /\?\s*\?/;

/** This many shouted words (or one line wholly in capitals) are shouting: "asked THREE TIMES", "SCHON WIEDER". */
export const SHOUTING_RUN = 2;

/**
 * Shouting: capitals inside sentences of ordinary words. Banners, acronyms, product names, initials and headers
 * never count (capitals.ts).
 */
export function isShouting(original: string): boolean {
  const found = findShouting(original);
  return found.words.length >= SHOUTING_RUN || found.capsLines > 0;
}

/** Capitals as counted by the tokenizer in features.ts (words of two or more letters). */
export interface CapitalsCount {
  bestCapsRun: number;
  capsWords: number;
  words: number;
}

/** A cue phrase is never longer than this on either side of its trigger word (GAP in cue-phrases.ts is 40). */
const WINDOW = 60;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** First match of a phrase expression in `text` that starts at a word boundary. */
function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index === 0 || !WORD_CHAR.test(text.charAt(m.index - 1))) return m;
    re.lastIndex = m.index + 1;
  }
  return null;
}

function windowStart(lower: string, from: number): number {
  let i = Math.max(0, from);
  // Start on a word boundary so the expressions' (?<!\p{L}) boundary check stays truthful.
  while (i > 0 && WORD_CHAR.test(lower.charAt(i - 1))) i--;
  return i;
}

function matchAround(re: RegExp, lower: string, triggers: number[], bit: number): RegExpExecArray | null {
  let searchedTo = -1;
  for (let t = 0; t < triggers.length; t += 3) {
    if (((triggers[t] as number) & bit) === 0) continue;
    const start = windowStart(lower, (triggers[t + 1] as number) - WINDOW);
    if ((triggers[t + 2] as number) <= searchedTo) continue;
    const end = Math.min(lower.length, (triggers[t + 2] as number) + WINDOW);
    const m = firstMatch(re, lower.slice(Math.max(start, searchedTo - WINDOW), end));
    if (m) return m;
    searchedTo = end;
  }
  return null;
}

/**
 * All cues of a capped text; `lower` is `original.toLowerCase()`. `triggers` are (cue bit mask, start, end)
 * triples of trigger words from features.ts: each phrase expression then only runs on a window around its
 * triggers. Without triggers every expression runs on the whole text. `capitals` comes from the tokenizer,
 * or is recounted here.
 */
export function detectCues(
  original: string,
  lower: string,
  triggers?: number[],
  capitals?: CapitalsCount,
): CueHit[] {
  const hits: CueHit[] = [];
  const latin = latinOnly(lower);
  COMPILED.forEach((cue, index) => {
    const re = latin ? cue.latin : cue.re;
    const m = triggers ? matchAround(re, lower, triggers, 1 << index) : firstMatch(re, lower);
    if (m) hits.push({ id: cue.id, label: cue.label, phrase: m[0].replace(/\s+/g, ' ').trim() });
  });
  // Capitals are judged on the original text alone (capitals.ts): the tokenizer's counts cannot tell a banner or
  // a product name from a raised voice, so they only spare the look when there are no capitals at all.
  const shouting = capitals && capitals.capsWords === 0 ? false : isShouting(original);
  if (shouting) hits.push(STYLE_CUES[0]);
  // indexOf first: the expressions only run on the few texts that have a '!' or a second '?'.
  if (original.includes('!') && EXCLAIM_RUN.test(original)) hits.push(STYLE_CUES[1]);
  if (original.includes('??') || (original.includes('?') && QUESTION_RUN.test(original)))
    hits.push(STYLE_CUES[2]);
  return hits;
}

/** How a cue reads for an account lead, e.g. `threat to cancel: "end the contract"`. */
export function describeCue(hit: CueHit): string {
  return hit.phrase === undefined ? hit.label : `${hit.label}: "${hit.phrase}"`;
}
