import { fnv1a } from './hash.ts';

/**
 * Negators and intensifiers per language. The learned model sees a word after a negator as a different feature
 * ("not happy" is not "happy", "nicht zufrieden" is not "zufrieden") and a word after an intensifier as a
 * stronger one ("very unhappy", "assolutamente inaccettabile"); bigrams alone only cover the adjacent case.
 * Lower case, whole tokens (the tokenizer splits "n't" off as "t" after "don", so "don"/"didn" are listed).
 */
const NEGATORS: Record<string, string> = {
  en: 'not no never nothing nobody none neither nor without don doesn didn isn aren wasn weren won wouldn haven hasn hadn can cannot couldn shouldn',
  sv: 'inte ej aldrig ingen inget inga ingenting utan varken',
  it: 'non mai nessuno nessuna nessun niente nulla senza né',
  de: 'nicht kein keine keinen keinem keiner keines nie niemals nichts niemand ohne weder',
  fr: 'ne pas jamais rien aucun aucune personne sans ni guère plus',
  es: 'no nunca jamás nada nadie ningún ninguna ninguno sin ni tampoco',
};

const INTENSIFIERS: Record<string, string> = {
  en: 'very so really extremely absolutely totally completely utterly incredibly deeply seriously truly highly quite too',
  sv: 'väldigt mycket jätte helt riktigt otroligt verkligen extremt fruktansvärt så alldeles',
  it: 'molto davvero veramente assolutamente proprio così estremamente profondamente decisamente troppo totalmente',
  de: 'sehr wirklich absolut total extrem echt völlig äußerst ziemlich zutiefst so richtig komplett',
  fr: 'très vraiment absolument tellement totalement complètement extrêmement profondément trop si',
  es: 'muy realmente totalmente absolutamente tan extremadamente profundamente demasiado completamente sumamente',
};

function hashes(lists: Record<string, string>): Set<number> {
  return new Set(
    Object.values(lists)
      .flatMap((l) => l.split(' '))
      .map((w) => fnv1a(w) | 0),
  );
}

/** int32 FNV-1a hashes of the lower-case words, as the tokenizer computes them. */
export const NEGATOR_HASHES = hashes(NEGATORS);
export const INTENSIFIER_HASHES = hashes(INTENSIFIERS);
/** How many words after a negator it reaches ("not at all happy"); punctuation ends it sooner. */
export const NEGATION_SCOPE = 3;
