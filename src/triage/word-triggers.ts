import { leadingWords } from './leading-words.ts';
import { latinOnly } from './unicode-words.ts';
import { isWordUnit } from './tone/char-class.ts';

/**
 * Which rules of a list can match a text, told in one pass over its words: a rule whose every match starts at a
 * word start with one of its leading texts (leading-words.ts: "today", "this morning", "i dag") cannot match a
 * text where no word starts one, and is not run. Scanning the text once per rule with each rule's quick form
 * cost more than the rest of scoring.
 *
 * The texts are compared on the lower-cased text: on latinOnly text that is what the rules' `i` flag compares,
 * except for the long s (ſ, which `i` matches to "s"), so text with it, text beyond Latin and text whose lower
 * case changes its length are not answered (null: run every rule). test/unit/word-triggers.test.ts checks the
 * case claim for every character latinOnly accepts.
 */
export class WordTriggers {
  /** Rules whose leading words could not be read: they run on every text. */
  private readonly always: number[] = [];
  /** By the first two code units of a leading text (the first and 0 for one character): [text, rule]. */
  private readonly byStart = new Map<number, [string, number][]>();
  /** byStart's keys folded to 16 bits: most words start with no leading text, and this says so without the Map. */
  private readonly maybe = new Uint8Array(0x10000);

  constructor(private readonly rules: readonly RegExp[]) {
    rules.forEach((re, rule) => {
      const words = leadingWords(re);
      if (words === null) {
        this.always.push(rule);
        return;
      }
      for (const word of words) {
        const key = keyOf(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : 0);
        let list = this.byStart.get(key);
        if (!list) this.byStart.set(key, (list = []));
        this.maybe[fold(key)] = 1;
        list.push([word, rule]);
      }
    });
  }

  /**
   * For each rule, where in `text` its first match can start at the earliest: the first word start with one of
   * its leading texts (0 for a rule whose words could not be read), -1 when it cannot match at all; null when
   * the words cannot tell. A scan for the rule can start there instead of at its quick form's first match.
   */
  firstStarts(text: string): Int32Array | null {
    if (!latinOnly(text) || text.includes('ſ')) return null;
    const lower = text.toLowerCase();
    if (lower.length !== text.length) return null;
    const out = new Int32Array(this.rules.length).fill(-1);
    for (const rule of this.always) out[rule] = 0;
    const n = lower.length;
    let i = 0;
    while (i < n) {
      if (!isWordChar(lower.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && isWordChar(lower.charCodeAt(i))) i++;
      const first = lower.charCodeAt(start);
      this.mark(out, lower, start, this.byStart.get(keyOf(first, 0)));
      if (start + 1 < n)
        this.mark(out, lower, start, this.byStart.get(keyOf(first, lower.charCodeAt(start + 1))));
    }
    return out;
  }

  private mark(out: Int32Array, lower: string, start: number, entries: [string, number][] | undefined): void {
    if (!entries) return;
    for (const [text, rule] of entries)
      if (out[rule] === -1 && lower.startsWith(text, start)) out[rule] = start;
  }
}

const keyOf = (first: number, second: number) => first * 0x10000 + second;
const fold = (key: number) => ((key >>> 16) * 31 + key) & 0xffff;

/**
 * A character of [\p{L}\p{N}_], the rules' word characters. A surrogate half counts as none: a word after an
 * astral digit then starts where no rule can, which at worst runs a rule that finds nothing.
 */
function isWordChar(code: number): boolean {
  return code === 95 || isWordUnit(code);
}
