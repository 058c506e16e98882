/**
 * Is this UTF-16 code unit part of a word (a letter or a digit)? Scoring must keep up with tens of thousands of
 * messages a second, and a regular expression per token is the slowest part of tokenising, so the Unicode
 * answer for each BMP code unit is computed once and cached in a table. Surrogates (emoji, rare scripts) count as
 * separators.
 */
const UNKNOWN = 0;
const WORD = 1;
const SEPARATOR = 2;
const table = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

export function isWordUnit(code: number): boolean {
  // ASCII first: most email text is, and the branch is cheaper than the table.
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let kind = table[code] as number;
  if (kind === UNKNOWN) {
    const isSurrogate = code >= 0xd800 && code <= 0xdfff;
    kind = !isSurrogate && WORD_CHAR.test(String.fromCharCode(code)) ? WORD : SEPARATOR;
    table[code] = kind;
  }
  return kind === WORD;
}
