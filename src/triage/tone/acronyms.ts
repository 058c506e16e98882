import { fnv1a } from './hash.ts';

/**
 * Words that business mail writes in capitals without raising its voice: file types, roles, units, company
 * forms and office shorthand in the six languages. Two capitalised words in a row count as shouting
 * ("THREE TIMES", "SCHON WIEDER"), so "send the PDF ASAP" must not: these words neither start nor break a run.
 * Single letters and words with digits (Q3, B2B, MP4) are never shouting anyway.
 */
const ACRONYMS = (
  'asap pdf seo sem ppc cpc cpm ctr cta roi kpi crm cms api url urls html css js php sql dns ssl http https www ' +
  'ux ui ai ml it hr pr qa ceo cto cfo coo cmo vp fyi eod cob eta tbd tba nb ps btw aka faq diy ok ' +
  'png jpg jpeg gif svg csv xml ppt pptx doc docx xls xlsx zip mp eps tiff ' +
  'usd eur sek gbp chf nok dkk vat iva tva mwst ust moms gdpr dsgvo rgpd nda rfp rfq sla po ' +
  'ab gmbh ag kg ohg ug se sa sas sarl srl spa sl slu ltd llc inc plc bv nv oy ' +
  'am pm cet cest utc gmt est pst eu uk us usa tv sms gps id iban bic vies cif nif ' +
  'lol omg tldr'
).split(' ');

const HASHES = new Set(ACRONYMS.map((word) => fnv1a(word)));

/** Whether a lower-case word is office shorthand; `hash` is its fnv1a hash (int32 or uint32 alike). */
export function isAcronymHash(hash: number): boolean {
  return HASHES.has(hash >>> 0);
}

export function isAcronym(lowerWord: string): boolean {
  return HASHES.has(fnv1a(lowerWord));
}
