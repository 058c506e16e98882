import { PHRASE_CUES } from './cue-phrases.ts';
import { fnv1a } from './hash.ts';

/**
 * Running every cue's regular expression over every message costs more than the rest of scoring together, so
 * a cue's expression only runs when a word of the text starts like one of the literal words of its phrases.
 * Every literal run of three or more letters in a phrase source is a trigger: a word of under five letters
 * must appear as a whole word, a longer one by its first five letters (so "kündigen" also fires on "kündige").
 * Function words ("the", "che", "und") are left out, or nearly every message would run every expression; each
 * phrase keeps other literal words, which the unit tests check.
 */
export const TRIGGER_PREFIX = 5;

// Frequent words of the six languages that occur in cue phrases but never identify one on their own.
export const STOP_WORDS = new Set(
  (
    'the you and this for was not have your what one how more has will now per every right off over other take ' +
    'new our many last come find tell are can all but get out who did does its very been were would with from ' +
    'that they them there than then when which just about only some into much like well even back good same ' +
    'make made see say said had him her his she yes use may must thank thanks again great still time look ' +
    'som inte har han det jag och att med för till ett alla nu ' +
    'che non per con del della sono una uno come ho già adesso ora oggi ' +
    'der die das den dem und ich wir sie ist nicht mit ein eine wie noch immer schon jetzt es ' +
    'les des que est pas une vous nous pour dans avec je de ' +
    'los las del que por una con sin para como ya aún hay ' +
    // Frequent words that are never the only literal of a phrase (its other literals trigger it anyway).
    'bad work stop another agreement money honest team days weeks later leave super already comme changer ' +
    'changerons going otherwise second ' +
    // Intensifiers, pronouns and counts around the anger, contempt and repeated-request words, which trigger alone.
    'really feel makes completely absolutely totally incredibly absolut absolument absolutamente ' +
    'totalmente totalement complètement muy mir moi esto son van nos dig ' +
    'two three four five several tre due quattro cinque più molte zwei drei vier fünf deux trois quatre cinq ' +
    'plusieurs dos tres cuatro cinco muchas två fyra fem många'
  ).split(' '),
);

/** Letter runs of a regular-expression source, skipping escapes such as \\p{L} and \\s. */
export function literalWords(source: string): string[] {
  return literals(source).map((l) => l.word);
}

/**
 * Literal words with a flag for stems: a short run followed by more pattern ("fuck\\p{L}*", "damn(?:ed)?",
 * "cazz[oi]") can start a longer token, so it must fire on a token's first 3 or 4 letters, not only on a whole
 * word.
 */
export function literals(source: string): { word: string; stem: boolean }[] {
  const marked = source.replace(/\\p\{[^}]*\}/g, '\u0000').replace(/\\./g, ' ');
  const out: { word: string; stem: boolean }[] = [];
  for (const m of marked.matchAll(/[\p{L}\p{N}]{3,}/gu)) {
    const next = marked.charAt(m.index + m[0].length);
    out.push({ word: m[0], stem: next === '\u0000' || next === '[' || next === '(' || next === '?' });
  }
  return out;
}

/**
 * An exact hash set with a bit mask per key, in typed arrays: a Map keyed by 32-bit hashes boxes every key
 * above 2^30 into a heap number, which made trigger lookups the slowest step of tokenising.
 */
export class TriggerTable {
  private readonly keys: Int32Array;
  private readonly masks: Int32Array;
  private readonly mask: number;

  constructor(entries: Map<number, number>) {
    let size = 64;
    while (size < entries.size * 4) size *= 2;
    this.keys = new Int32Array(size);
    this.masks = new Int32Array(size);
    this.mask = size - 1;
    for (const [key, bits] of entries) {
      let i = key & this.mask;
      while (this.masks[i] !== 0 && this.keys[i] !== (key | 0)) i = (i + 1) & this.mask;
      this.keys[i] = key | 0;
      this.masks[i] = (this.masks[i] as number) | bits;
    }
  }

  /** Bit mask of cues for a word hash (0 when none). */
  get(hash: number): number {
    const key = hash | 0;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const bits = this.masks[i] as number;
      if (bits === 0) return 0;
      if (this.keys[i] === key) return bits;
    }
  }

  get size(): number {
    return this.masks.filter((m) => m !== 0).length;
  }
}

function buildTriggers(stems: boolean): Map<number, number> {
  const triggers = new Map<number, number>();
  PHRASE_CUES.forEach((cue, index) => {
    for (const phrase of cue.phrases) {
      for (const { word, stem } of literals(phrase)) {
        if (STOP_WORDS.has(word)) continue;
        if (stems && !(stem && word.length < TRIGGER_PREFIX)) continue;
        const key = fnv1a(word.slice(0, TRIGGER_PREFIX));
        triggers.set(key, (triggers.get(key) ?? 0) | (1 << index));
      }
    }
  });
  return triggers;
}

/**
 * Hash of a whole short word or of a long word's first five letters → bit mask of PHRASE_CUES indices whose
 * expression must run.
 */
export const CUE_TRIGGERS = new TriggerTable(buildTriggers(false));
/** Hash of a short stem (3–4 letters) → bit mask; checked on every token's first 3 and 4 letters. */
export const CUE_STEM_TRIGGERS = new TriggerTable(buildTriggers(true));
