import { isAcronym } from './acronyms.ts';
import { PHRASE_CUES } from './cue-phrases.ts';

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
const COMPILED = PHRASE_CUES.map((cue) => ({
  id: cue.id,
  label: cue.label,
  // The leading boundary is checked by hand in firstMatch: a look-behind tried at every position costs 2-3x.
  re: new RegExp(`(?:${cue.phrases.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
}));

const EXCLAIM_RUN = /!\s*!|!\?|\?!/;
const QUESTION_RUN = /\?\s*\?/;
// A capitalised word of two or more letters; office shorthand (PDF, SEO, ASAP) is skipped (acronyms.ts).
const CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu;
const ANY_WORD = /[\p{L}]{2,}/gu;

/** A run this long of capitalised words is shouting: "asked THREE TIMES", "SCHON WIEDER", "DI NUOVO". */
export const SHOUTING_RUN = 2;

/** Shouting: two capitalised words in a row (acronyms aside), or at least four that make up half of the words. */
export function isShouting(original: string): boolean {
  let caps = 0;
  let run = 0;
  let bestRun = 0;
  let lastEnd = -1;
  CAPS_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CAPS_WORD.exec(original)) !== null) {
    // An acronym neither starts nor breaks a run ("SEND THE PDF NOW" still shouts).
    if (isAcronym(m[0].toLowerCase())) {
      lastEnd = m.index + m[0].length;
      continue;
    }
    caps++;
    // Only spaces and light punctuation between two capitalised words keeps the run going.
    const between = lastEnd < 0 ? 'x' : original.slice(lastEnd, m.index);
    run = /^[\s,.!?'’-]{1,3}$/.test(between) ? run + 1 : 1;
    if (run > bestRun) bestRun = run;
    lastEnd = m.index + m[0].length;
  }
  if (bestRun >= SHOUTING_RUN) return true;
  if (caps < 4) return false;
  const words = original.match(ANY_WORD)?.length ?? 0;
  return caps * 2 >= words;
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
  COMPILED.forEach((cue, index) => {
    const m = triggers ? matchAround(cue.re, lower, triggers, 1 << index) : firstMatch(cue.re, lower);
    if (m) hits.push({ id: cue.id, label: cue.label, phrase: m[0].replace(/\s+/g, ' ').trim() });
  });
  const shouting = capitals
    ? capitals.bestCapsRun >= SHOUTING_RUN ||
      (capitals.capsWords >= 4 && capitals.capsWords * 2 >= capitals.words)
    : isShouting(original);
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
