import { unicodeWords } from './unicode-words.ts';

/**
 * The invoice a message talks about, as written: `INV-2041` when the client used a coded number, else the
 * number itself (`2041` for "invoice 2041", "#2041", "faktura 2041", "fattura n. 2041", "Rechnung Nr. 2041",
 * "facture n° 2041", "factura 2041"). Null when no invoice number is mentioned.
 * The reminder store matches on the digits, so both forms find the same invoice.
 */

/** A coded number: INV-2041, INV2041, INV-2026-041 (prefix letters, optional separator, digits). */
const CODED = /\b(?:INV|INVOICE|FAKT|RE|RG|FA|FAC|FACT)[-_/]?(?:\d[\d-]{1,18}\d|\d{2,})\b/i;

/** The word for "invoice" in the six languages (and plural/definite forms), then a number marker. */
const WORDED = unicodeWords(
  /\b(?:invoices?|bill|faktura(?:n|nummer|nr)?|fattur[ae]|rechnung(?:snummer|snr)?|factures?|facturas?)\b\s*(?:(?:no\.?|nr\.?|n°|n\.|nº|núm\.?|num(?:ber|ero|éro|ro)?\.?|#|:)\s*)*(\d[\d-]{0,18}\d|\d)\b/i,
);

/** "#2041" on its own counts only when the message talks about invoices or payment at all. */
const HASHED = /(?:^|[^\w&])#(\d{3,12})\b/;
const INVOICE_TALK = unicodeWords(
  /\b(?:invoice|bill|payment|pay|paid|faktura\w*|betal\w*|fattur\w*|pag\w*|rechnung\w*|zahl\w*|bezahl\w*|factur\w*|paie\w*|pay\w*|régl\w*)\b/i,
);

const DIGIT = /[0-9]/;

/** Longer text is not looked at. */
const MAX_TEXT = 20_000;

export function findInvoiceNumber(text: string): string | null {
  const t = text.slice(0, MAX_TEXT);
  // Every form ends in ASCII digits (\d is [0-9], with or without the u flag).
  if (!DIGIT.test(t)) return null;
  // Upper-cased so that "inv-2041" and "INV-2041" name the same invoice; "inv 2041" is worded, not coded.
  const coded = CODED.exec(t);
  if (coded) return coded[0].toUpperCase();
  const worded = WORDED.exec(t);
  if (worded) return worded[1]!;
  const hashed = HASHED.exec(t);
  if (hashed && INVOICE_TALK.test(t)) return hashed[1]!;
  return null;
}
