/**
 * Text preparation shared by training and scoring. Email content is untrusted: anything that is not a string,
 * megabytes of base64, binary garbage or lone surrogates must neither throw nor slow the triage down, so only
 * the first MAX_SCORED_CHARS characters are ever looked at (the opening of a message carries its tone).
 */
export const MAX_SCORED_CHARS = 4000;
/** Cap on tokens per text so that a wall of one-letter "words" cannot blow up the feature count. */
export const MAX_TOKENS = 600;

export function capText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  return text.length > MAX_SCORED_CHARS ? text.slice(0, MAX_SCORED_CHARS) : text;
}

// Letters/digits form words; '!' and '?' are kept as tokens because their runs carry tone on their own.
const TOKEN = /[\p{L}\p{N}]+|[!?]/gu;

/** Lower-cased word tokens of an already capped text. */
export function tokenize(lower: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(lower)) !== null && tokens.length < MAX_TOKENS) tokens.push(m[0]);
  return tokens;
}
