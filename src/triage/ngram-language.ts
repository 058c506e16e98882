import { GRAM_LANGUAGES, GRAM_WEIGHTS, UNIQUE_GRAMS } from './language-grams.ts';

/**
 * tinyld's detectAll(text, { only: GRAM_LANGUAGES }), computed the same way on the same tables
 * (language-grams.ts) and giving the same numbers, at a fraction of the cost: tinyld builds every n-gram as an
 * array joined into a string, a Set of a gram's languages per gram, and the list of allowed languages per word,
 * and it scores the same frequent words ("the", "und", "per") over and over. Here the tables are Maps, a word's
 * scores are computed once and remembered, and the arithmetic and its order are tinyld's (sums of quarters are
 * exact; ties keep tinyld's language order), so the language chosen by language.ts is unchanged
 * (test/unit/triage-ngram-language.test.ts compares the two on the training corpus).
 */

export interface LanguageScore {
  lang: string;
  accuracy: number;
}

/**
 * The unique grams by a hash of their code units (gramHash), in an open-addressing table of typed arrays: the
 * first pass looks up every window of every size in the longest chunks, and a string per window cost more than
 * the rest of the detector. A hit is confirmed on the gram itself.
 */
const UNIQUE_LINES = UNIQUE_GRAMS.split('\n').map((line) => line.split('\t') as [string, string]);
const UNIQUE_SLOTS = 1 << Math.ceil(Math.log2(UNIQUE_LINES.length * 4));
const uniqueHashes = new Int32Array(UNIQUE_SLOTS);
/** 1 + the line of the gram in a slot (0: empty). */
const uniqueLines = new Int32Array(UNIQUE_SLOTS);
UNIQUE_LINES.forEach(([gram], line) => {
  let slot = gramHash(gram, 0, gram.length) & (UNIQUE_SLOTS - 1);
  while (uniqueLines[slot] !== 0) slot = (slot + 1) & (UNIQUE_SLOTS - 1);
  uniqueHashes[slot] = gramHash(gram, 0, gram.length);
  uniqueLines[slot] = line + 1;
});

/** FNV-1a over the code units text[from, to). */
function gramHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function uniqueGramLanguage(padded: string, from: number, n: number): string | undefined {
  const h = gramHash(padded, from, from + n);
  for (let slot = h & (UNIQUE_SLOTS - 1); uniqueLines[slot] !== 0; slot = (slot + 1) & (UNIQUE_SLOTS - 1)) {
    if (uniqueHashes[slot] !== h) continue;
    const [gram, lang] = UNIQUE_LINES[uniqueLines[slot]! - 1]!;
    if (padded.startsWith(gram, from) && gram.length === n) return lang;
  }
  return undefined;
}

/** The white space String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
function isTrimmed(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Per gram: pairs (language index, weight) in GRAM_LANGUAGES order. */
const WEIGHTS = new Map<string, Int32Array>();
for (const line of GRAM_WEIGHTS.split('\n')) {
  const [gram, list] = line.split('\t') as [string, string];
  WEIGHTS.set(gram, Int32Array.from(list.split(/[,:]/).map(Number)));
}

const GRAM_SIZES = [1, 2, 3, 4, 5];
// tinyld's cleaning and splitting expressions, verbatim.
const PUNCTUATION = /[,.。，、#%&/\\+*¡!¿?[\]！？;:…„“«»”"“_–—~]/gi;
const DIGITS = /[0-9]/g;
const WIDE_DIGITS = /[\uFF10-\uFF19]/g;
const SPACES = /\s\s+/g;
const APOSTROPHE = /’/gi;
const MARKS = /[\u0300-\u036f]/g;
const PLAIN = /^[^\u00c0-\uffff]*$/;
const CHUNK_SEPARATORS = /([,，、。!¿?！？":;()「」{}„“«»”"“<>⋯《》*]|[.[\]\\])+/;
const WORD_SEPARATORS = /[ ]+/;

/** tinyld's cleanString. */
function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(APOSTROPHE, "'")
    .replace(PUNCTUATION, ' ')
    .replace(WIDE_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 65248))
    .replace(DIGITS, '')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * The n-grams of a word or chunk as tinyld makes them: the windows of n UTF-16 code units of the text padded
 * with n-1 spaces on both sides. tinyld drops the second of two spaces in a row and then every gram shorter than
 * n, so a window with two spaces in a row is no gram; nor is a blank one.
 */
function grams(text: string, n: number, visit: (gram: string) => boolean): boolean {
  const pad = ' '.repeat(n - 1);
  const t = pad + text + pad;
  for (let b = 0; b + n <= t.length; b++) {
    const gram = t.slice(b, b + n);
    if (gram.includes('  ') || gram.trim() === '') continue;
    if (visit(gram)) return true;
  }
  return false;
}

/**
 * tinyld's first pass: the language of the first gram (by size, then position) only one language has, '' when
 * none. The windows are those of grams(), tested on code units instead of substrings.
 */
function uniqueLanguage(chunk: string): string {
  for (const n of GRAM_SIZES) {
    const pad = ' '.repeat(n - 1);
    const t = pad + chunk + pad;
    for (let b = 0; b + n <= t.length; b++) {
      let gram = true;
      let blank = true;
      for (let e = b; e < b + n; e++) {
        const c = t.charCodeAt(e);
        if (c === 32 && e > b && t.charCodeAt(e - 1) === 32) gram = false;
        if (!isTrimmed(c)) blank = false;
      }
      if (!gram || blank) continue;
      const lang = uniqueGramLanguage(t, b, n);
      if (lang !== undefined) return lang;
    }
  }
  return '';
}

const round4 = (a: number) => Math.round(a * 1e4) / 1e4;

/**
 * tinyld's second pass for one word: the eight best languages (indices into GRAM_LANGUAGES, in rank order), each
 * with 1 - its shortfall from the best.
 */
interface WordScores {
  langs: Int8Array;
  accuracies: Float64Array;
}

function scoreWord(word: string): WordScores {
  const scores = new Array<number>(GRAM_LANGUAGES.length).fill(0);
  for (const n of GRAM_SIZES) {
    grams(word, n, (gram) => {
      // Below U+00C0 nothing decomposes (and the marks are U+0300 on): most grams need no normalising.
      const key = PLAIN.test(gram) ? gram : gram.normalize('NFD').replace(MARKS, '');
      const weights = WEIGHTS.get(key);
      if (weights)
        for (let k = 0; k < weights.length; k += 2)
          scores[weights[k]!] = scores[weights[k]!]! + (weights[k + 1]! * key.length) / 4;
      return false;
    });
  }
  const ranked = scores.map((score, i) => ({ i, score }));
  ranked.sort((a, b) => b.score - a.score);
  const best = Math.max(...scores) || 1;
  const top = ranked.slice(0, 8);
  return {
    langs: Int8Array.from(top.map(({ i }) => i)),
    accuracies: Float64Array.from(top.map(({ score }) => 1 - round4((best - score) / best))),
  };
}

/** A word's scores depend on the word alone; mail repeats its words, so they are remembered (up to a bound). */
const wordScores = new Map<string, WordScores>();
const MAX_REMEMBERED = 50_000;

function scoresOf(word: string): WordScores {
  let scores = wordScores.get(word);
  if (!scores) {
    if (wordScores.size >= MAX_REMEMBERED) wordScores.clear();
    wordScores.set(word, (scores = scoreWord(word)));
  }
  return scores;
}

const LANGUAGE_INDEX = new Map(GRAM_LANGUAGES.map((lang, i) => [lang, i]));

/** tinyld's detectAll(text, { only: GRAM_LANGUAGES }): languages by accuracy, best first. */
export function ngramLanguages(text: string): LanguageScore[] {
  const chunks = text
    .split(CHUNK_SEPARATORS)
    .map(clean)
    .filter((c) => !!c);
  chunks.sort((a, b) => b.length - a.length);
  let total = 0;
  // tinyld sums into a plain object, whose key order (first insertion) breaks ties in the final ranking: the
  // sums are kept by language index, with the order of first insertion beside them.
  const sums = new Float64Array(GRAM_LANGUAGES.length);
  const inserted: number[] = [];
  const add = (lang: number, value: number) => {
    if (!inserted.includes(lang)) inserted.push(lang);
    sums[lang] = sums[lang]! + value;
  };
  for (const chunk of chunks.slice(0, 7)) {
    const unique = uniqueLanguage(chunk);
    if (unique) {
      add(LANGUAGE_INDEX.get(unique)!, 1 * chunk.length);
      total += chunk.length;
      continue;
    }
    for (const word of chunk.split(WORD_SEPARATORS)) {
      const { langs, accuracies } = scoresOf(word);
      for (let k = 0; k < langs.length; k++) add(langs[k]!, accuracies[k]!);
      total += word.length;
    }
  }
  const ranked = inserted.filter((lang) => sums[lang]! > 0);
  ranked.sort((a, b) => sums[b]! - sums[a]!);
  return ranked.map((lang) => ({ lang: GRAM_LANGUAGES[lang]!, accuracy: sums[lang]! / total }));
}
