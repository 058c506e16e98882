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

const UNIQUE = new Map<string, string>();
for (const line of UNIQUE_GRAMS.split('\n')) {
  const [gram, lang] = line.split('\t') as [string, string];
  UNIQUE.set(gram, lang);
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

/** tinyld's first pass: the language of the first gram only one language has ('' when none). */
function uniqueLanguage(chunk: string): string {
  let found = '';
  for (const n of GRAM_SIZES) {
    if (
      grams(chunk, n, (gram) => {
        const lang = UNIQUE.get(gram);
        if (lang !== undefined) found = lang;
        return lang !== undefined;
      })
    )
      return found;
  }
  return '';
}

const round4 = (a: number) => Math.round(a * 1e4) / 1e4;

/** tinyld's second pass for one word: the eight best languages, each with 1 - its shortfall from the best. */
function scoreWord(word: string): LanguageScore[] {
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
  return ranked
    .slice(0, 8)
    .map(({ i, score }) => ({ lang: GRAM_LANGUAGES[i]!, accuracy: 1 - round4((best - score) / best) }));
}

/** A word's scores depend on the word alone; mail repeats its words, so they are remembered (up to a bound). */
const wordScores = new Map<string, LanguageScore[]>();
const MAX_REMEMBERED = 50_000;

function scoresOf(word: string): LanguageScore[] {
  let scores = wordScores.get(word);
  if (!scores) {
    if (wordScores.size >= MAX_REMEMBERED) wordScores.clear();
    wordScores.set(word, (scores = scoreWord(word)));
  }
  return scores;
}

/** tinyld's detectAll(text, { only: GRAM_LANGUAGES }): languages by accuracy, best first. */
export function ngramLanguages(text: string): LanguageScore[] {
  const chunks = text
    .split(CHUNK_SEPARATORS)
    .map(clean)
    .filter((c) => !!c);
  chunks.sort((a, b) => b.length - a.length);
  let total = 0;
  // A plain object, as in tinyld: its key order (first insertion) breaks ties in the final ranking.
  const sums: Record<string, number> = {};
  for (const chunk of chunks.slice(0, 7)) {
    const unique = uniqueLanguage(chunk);
    if (unique) {
      sums[unique] = (sums[unique] || 0) + 1 * chunk.length;
      total += chunk.length;
      continue;
    }
    for (const word of chunk.split(WORD_SEPARATORS)) {
      for (const s of scoresOf(word)) sums[s.lang] = (sums[s.lang] || 0) + s.accuracy;
      total += word.length;
    }
  }
  const ranked = Object.entries(sums).filter((e) => e[1] > 0);
  ranked.sort((a, b) => b[1] - a[1]);
  return ranked.map(([lang, sum]) => ({ lang, accuracy: sum / total }));
}
