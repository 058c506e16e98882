/**
 * JavaScript's `\b` and `\w` know only ASCII, so `/\büberweisung/` or `/\béchéancier/` never match after a
 * space, and `/é\b/` never sees the end of "payé". Multilingual rules are written with `\b` and `\w` for
 * readability and compiled once to Unicode-aware equivalents here (the result gets the `u` flag).
 * A `\b` before a letter or a group (not a lookaround) is a word start, any other `\b` a word end: one lookaround each instead of
 * the four of a general boundary, which keeps the rules cheap on long text.
 */
const WORD = '[\\p{L}\\p{N}_]';

export function unicodeWords(re: RegExp): RegExp {
  const source = re.source
    .replace(/\\b(?=\p{L}|\((?!\?[=!<]))/gu, `(?<!${WORD})`)
    .replaceAll('\\b', `(?!${WORD})`)
    .replaceAll('\\w', WORD);
  return new RegExp(source, re.flags + 'u');
}

/**
 * A cheap necessary condition for `re`: the same expression without its word-boundary lookarounds. Whatever the
 * full expression matches, this matches too, and V8 runs a plain alternation of literals many times faster than
 * one with a look-behind at every position — so most texts are ruled out before the real expression runs.
 * Only for expressions built by unicodeWords (their lookarounds are exactly the boundaries it wrote).
 */
export function boundaryFree(re: RegExp): RegExp {
  const source = re.source.replaceAll(`(?<!${WORD})`, '').replaceAll(`(?!${WORD})`, '');
  return new RegExp(source, re.flags.replace('g', ''));
}
