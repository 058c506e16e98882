import { detectAll } from 'tinyld';

/**
 * Language of the new text of a message, as ISO 639-1, or `und` when the text is too short or too ambiguous.
 *
 * tinyld alone is right on full sentences but guesses wildly on the short lines business mail is full of
 * ("Tack, vi ses på måndag." → Afrikaans, "Danke, bis Montag." → nothing). So: (1) tinyld is restricted to the
 * European languages Tactful meets, (2) function words of the six reply languages vote beside it, and (3) a
 * weak or tied winner is `und`, so the inbox's default language is used instead of a wrong guess.
 */

/** Languages tinyld may answer with; anything else in a client's mail is rare enough to be `und`. */
export const DETECTABLE = ['en', 'sv', 'it', 'de', 'fr', 'es', 'da', 'no', 'nl', 'fi', 'pt', 'pl'] as const;

/** Frequent, mostly language-specific short words and greetings of the six reply languages. */
const FUNCTION_WORDS: Record<string, readonly string[]> = {
  en: 'the and you your we our is are was have has not this that with for please thanks thank hi dear regards would could will still'.split(
    ' ',
  ),
  sv: 'och att inte jag ni är på för med som till tack hälsningar vänliga mvh fortfarande skulle måndag fakturan också'.split(
    ' ',
  ),
  it: 'il la che non di per sono è abbiamo ho una grazie buongiorno cordiali saluti ancora della questo lunedì fattura mille'.split(
    ' ',
  ),
  de: 'und der die das nicht ich wir ist sind haben mit für sie ihr bitte danke grüße freundlichen noch bis montag rechnung'.split(
    ' ',
  ),
  fr: 'le la les et est pas je nous vous avec pour une merci bonjour cordialement toujours des ce lundi facture à'.split(
    ' ',
  ),
  es: 'el la los que no y es por para una gracias hola saludos todavía usted hemos estamos lunes factura próxima'.split(
    ' ',
  ),
};

const WORD_INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
  for (const w of words) WORD_INDEX.set(w, [...(WORD_INDEX.get(w) ?? []), lang]);
}

/** Below this many letters a guess is noise ("ok", "👍"). */
const MIN_LETTERS = 6;
/** Combined score a winner needs, and its lead over the runner-up. */
const MIN_SCORE = 0.12;
const MIN_MARGIN = 0.03;
/** Longer text adds little to the guess but costs time (tinyld is ~1 µs per character). */
const MAX_CHARS = 600;

export function detectLanguage(text: string): string {
  const clean = text
    .slice(0, MAX_CHARS)
    .replace(/https?:\/\/\S+|\S+@\S+|[\d_#*=<>|~^]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const letters = clean.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return 'und';

  const scores = new Map<string, number>();
  for (const { lang, accuracy } of detectAll(clean, { only: [...DETECTABLE] })) {
    scores.set(lang, accuracy);
  }
  const words = clean.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length > 0) {
    const votes = new Map<string, number>();
    for (const w of words)
      for (const lang of WORD_INDEX.get(w) ?? []) votes.set(lang, (votes.get(lang) ?? 0) + 1);
    // Share of words that are function words of a language, halved: a vote, not a verdict.
    for (const [lang, n] of votes) scores.set(lang, (scores.get(lang) ?? 0) + (0.5 * n) / words.length);
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_SCORE) return 'und';
  if (second && best[1] - second[1] < MIN_MARGIN) return 'und';
  return best[0];
}
