/**
 * JavaScript's `\b` and `\w` know only ASCII, so `/\büberweisung/` or `/\béchéancier/` never match after a
 * space, and `/é\b/` never sees the end of "payé". Multilingual rules are written with `\b` and `\w` for
 * readability and compiled once to Unicode-aware equivalents here (the result gets the `u` flag).
 * A `\b` before a letter or a group (not a lookaround) is a word start, any other `\b` a word end: one lookaround each instead of
 * the four of a general boundary, which keeps the rules cheap on long text.
 */
const WORD = '[\\p{L}\\p{N}_]';

export function unicodeWords(re: RegExp): RegExp {
  return withWordClass(re, WORD);
}

/**
 * The characters of latinOnly() text that WORD matches, as a plain list. Compiling WORD under the `i` flag costs
 * V8 the case closure of every letter of Unicode (~0.3 ms a use, twice: bytecode, then native code), which made
 * compiling the ~130 payment rules cost more than scoring a thousand messages; this list costs a tenth of it.
 * On latinOnly() text the two match the same characters, with or without `i` (test/unit/unicode-words.test.ts
 * checks every character it allows).
 */
const LATIN_WORD =
  '[0-9A-Z_a-z\\u00aa\\u00b2\\u00b3\\u00b5\\u00b9\\u00ba\\u00bc-\\u00be\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u2776-\\u2793\\u{1f100}-\\u{1f10c}]';

/**
 * The characters of text whose letters are all Latin: Basic Latin to Latin Extended-B, general punctuation,
 * currency signs, arrows, technical and mathematical signs, box drawing, shapes, dingbats, variation selectors
 * and emoji. No letter of another script, and none of the letter-like signs whose case folds to a Latin letter
 * (the Kelvin sign, Å), is among them. Control characters other than white space are left out: such text
 * takes the Unicode expressions (the same answer, only slower).
 */
const LATIN_ONLY_RANGES = [
  [0x09, 0x0d],
  [0x20, 0x24f],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2190, 0x23ff],
  [0x2500, 0x27bf],
  [0xfe00, 0xfe0f],
  [0x1f000, 0x1faff],
];
const NOT_LATIN_ONLY = new RegExp(
  `[^${LATIN_ONLY_RANGES.map(([from, to]) => `\\u{${from!.toString(16)}}-\\u{${to!.toString(16)}}`).join('')}]`,
  'u',
);

/** Whether expressions made by latinWords() find in `text` exactly what those made by unicodeWords() find. */
export function latinOnly(text: string): boolean {
  return !NOT_LATIN_ONLY.test(text);
}

/** unicodeWords() for text that is latinOnly(): the same matches there, at a tenth of the compile time. */
export function latinWords(re: RegExp): RegExp {
  return withWordClass(re, LATIN_WORD);
}

/** The letters (\\p{L}) and the digits and numerals (\\p{N}) among the characters latinOnly() accepts. */
const LATIN_CLASSES: Record<string, string> = {
  L: '\\u0041-\\u005a\\u0061-\\u007a\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f',
  N: '\\u0030-\\u0039\\u00b2\\u00b3\\u00b9\\u00bc-\\u00be\\u2776-\\u2793\\u{1f100}-\\u{1f10c}',
};

/**
 * An expression source (for the `u` flag, without `i`) with \\p{L} and \\p{N} spelt out as their characters in
 * latinOnly() text: the same matches on such text, compiled several times faster (the property classes are
 * hundreds of ranges each). Other property escapes are refused rather than left slow or wrong.
 */
export function latinClasses(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const escape = /^\\[pP]\{([^}]*)\}/.exec(source.slice(i));
      if (!escape) {
        out += source.slice(i, i + 2);
        i++;
        continue;
      }
      const ranges = escape[0][1] === 'p' ? LATIN_CLASSES[escape[1]!] : undefined;
      if (ranges === undefined) throw new Error(`latinClasses: ${escape[0]} is not supported`);
      out += inClass ? ranges : `[${ranges}]`;
      i += escape[0].length - 1;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

function withWordClass(re: RegExp, word: string): RegExp {
  const source = re.source
    .replace(/\\b(?=\p{L}|\((?!\?[=!<]))/gu, `(?<!${word})`)
    .replaceAll('\\b', `(?!${word})`)
    .replaceAll('\\w', word);
  return new RegExp(source, re.flags + 'u');
}

/**
 * A cheap necessary condition for `re`: the same expression without its word-boundary lookarounds. Whatever the
 * full expression matches, this matches too, and V8 runs a plain alternation of literals many times faster than
 * one with a look-behind at every position — so most texts are ruled out before the real expression runs.
 * Only for expressions built by unicodeWords or latinWords (their lookarounds are exactly the boundaries they wrote).
 */
export function boundaryFree(re: RegExp): RegExp {
  let source = re.source;
  for (const word of [WORD, LATIN_WORD])
    source = source.replaceAll(`(?<!${word})`, '').replaceAll(`(?!${word})`, '');
  return new RegExp(source, re.flags.replace('g', ''));
}
