/**
 * JavaScript's `\b` and `\w` know only ASCII, so `/\büberweisung/` or `/\béchéancier/` never match after a
 * space, and `\b` sees a word end inside "paiement" only by luck. Multilingual rules are written with `\b`
 * and `\w` for readability and compiled once to Unicode-aware equivalents here (the result gets the `u` flag).
 */
const WORD = '[\\p{L}\\p{N}_]';
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;

export function unicodeWords(re: RegExp): RegExp {
  return new RegExp(re.source.replaceAll('\\b', BOUNDARY).replaceAll('\\w', WORD), re.flags + 'u');
}
