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
  { id: 'shouting', label: 'shouting in capitals', prior: 1.5 },
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
  re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${cue.phrases.join('|')})(?![\\p{L}\\p{N}])`, 'u'),
}));

const EXCLAIM_RUN = /!\s*!|!\?|\?!/;
const QUESTION_RUN = /\?\s*\?/;
// A capitalised word of two or more letters; runs of them are shouting, single ones are acronyms (SEO, PDF).
const CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu;
const ANY_WORD = /[\p{L}]{2,}/gu;

/** Shouting: three capitalised words in a row, or at least four that make up half of the words. */
export function isShouting(original: string): boolean {
  let caps = 0;
  let run = 0;
  let bestRun = 0;
  let lastEnd = -1;
  CAPS_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CAPS_WORD.exec(original)) !== null) {
    caps++;
    // Only spaces and light punctuation between two capitalised words keeps the run going.
    const between = lastEnd < 0 ? 'x' : original.slice(lastEnd, m.index);
    run = /^[\s,.!?'’-]{1,3}$/.test(between) ? run + 1 : 1;
    if (run > bestRun) bestRun = run;
    lastEnd = m.index + m[0].length;
  }
  if (bestRun >= 3) return true;
  if (caps < 4) return false;
  const words = original.match(ANY_WORD)?.length ?? 0;
  return caps * 2 >= words;
}

/** All cues of a capped text; `lower` is `original.toLowerCase()`. */
export function detectCues(original: string, lower: string): CueHit[] {
  const hits: CueHit[] = [];
  for (const cue of COMPILED) {
    const m = cue.re.exec(lower);
    if (m) hits.push({ id: cue.id, label: cue.label, phrase: m[0].replace(/\s+/g, ' ').trim() });
  }
  if (isShouting(original)) hits.push(STYLE_CUES[0]);
  if (EXCLAIM_RUN.test(original)) hits.push(STYLE_CUES[1]);
  if (QUESTION_RUN.test(original)) hits.push(STYLE_CUES[2]);
  return hits;
}

/** How a cue reads for an account lead, e.g. `threat to cancel: "end the contract"`. */
export function describeCue(hit: CueHit): string {
  return hit.phrase === undefined ? hit.label : `${hit.label}: "${hit.phrase}"`;
}
