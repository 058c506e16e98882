import { boundaryFree, unicodeWords } from './unicode-words.ts';

/**
 * What comes after the words a client wrote: the sign-off and signature, sign-off initials, and the legal
 * disclaimers and confidentiality banners that firms append in capitals. None of it is the sender's tone, and
 * a banner in capitals would read as shouting, so new-text.ts cuts the message where the footer starts.
 */

/**
 * Sign-off lines in the six languages (plus the short "Thanks,"-style ones), alone on their line; a sentence
 * that merely starts with thanks ("Thanks, but this is wrong") is not a sign-off, hence the anchored end.
 */
const SIGN_OFF = unicodeWords(
  /^\s*(?:(?:best|kind|warm|warmest|many|with kind|with best)?\s*regards|best(?: wishes)?|cheers|thanks(?: again| a lot| so much)?|thank you(?: again| very much)?|many thanks|yours(?: sincerely| faithfully| truly)?|sincerely|all the best|speak soon|talk soon|br|kr|thx|ta|(?:med )?vänliga? hälsningar|mvh|hälsningar|vänligen|tack(?: på förhand| så mycket)?|ha det bra|cordiali saluti|distinti saluti|un (?:caro )?saluto|saluti|grazie(?: mille)?|a presto|buona giornata|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüsse|freundliche grüße|beste grüße|beste grüsse|viele grüße|viele grüsse|liebe grüße|liebe grüsse|herzliche grüße|herzliche grüsse|lg|vg|mfg|gruss|gruß|grüße|grüsse|danke(?: ihnen)?|vielen dank|cordialement|bien cordialement|bien à vous|sincères salutations|salutations(?: distinguées)?|meilleures salutations|bonne journée|merci(?: beaucoup| d'avance)?|à bientôt|amicalement|bises|saludos(?: cordiales)?|un saludo(?: cordial)?|atentamente|cordialmente|gracias(?: de antemano)?|muchas gracias|un abrazo|abrazos)\s*[,.!:]?\s*(.*)$/i,
);
/** What may follow a sign-off on its line: a name ("Thanks, Anna"), matched case-sensitively. */
const NAME = /^(?:[-–—]\s*)?(?:\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2})?\s*$/u;

/** Sign-off initials ("JK", "MvB", "— AL"): a short line of one or two capitalised tokens of up to four letters. */
const INITIALS = /^\s*[-–—~]?\s*\p{Lu}[\p{Lu}\p{Ll}]{0,3}\.?(?:\s*\/?\s*\p{Lu}[\p{Lu}\p{Ll}]{0,3}\.?)?\s*$/u;

/**
 * Legal disclaimers and confidentiality banners, by their opening or their stock phrases, in the six
 * languages. They are matched case-insensitively: banners are often all capitals.
 */
const DISCLAIMER = unicodeWords(
  new RegExp(
    [
      // en
      String.raw`\b(?:confidentiality notice|privileged (?:and|&) confidential|disclaimer\s*:|legal notice\s*:|this (?:e-?mail|message|communication)(?: and any (?:files|attachments)[^.]{0,40})? (?:is|are|may be|may contain|contains)[^.]{0,40}\b(?:confidential|privileged|intended))`,
      String.raw`\bif you (?:are not|have received this)[^.]{0,40}\b(?:intended recipient|in error)`,
      // de
      String.raw`\b(?:vertraulichkeitshinweis|haftungsausschluss|diese (?:e-?mail|nachricht)[^.]{0,80}\b(?:vertraulich|rechtlich geschützt|ausschliesslich|ausschließlich)|wenn sie nicht der (?:richtige|beabsichtigte) (?:adressat|empfänger))`,
      // fr
      String.raw`\b(?:avis de confidentialité|avertissement\s*:|ce (?:message|courriel|e-?mail)[^.]{0,80}\bconfidenti|si vous n'êtes pas (?:le )?destinataire)`,
      // it
      String.raw`\b(?:avviso di riservatezza|informativa (?:privacy|sulla riservatezza)|questo (?:messaggio|e-?mail)[^.]{0,80}\b(?:riservat|confidenzial)|ai sensi del (?:d\.?\s?lgs|regolamento)|se (?:avete|hai|ha|non siete)[^.]{0,40}\b(?:per errore|destinatari))`,
      // es
      String.raw`\b(?:aviso de confidencialidad|aviso legal\s*:|este (?:mensaje|correo)[^.]{0,80}\bconfidencial|si (?:usted )?no es (?:el )?destinatario|ha recibido este (?:mensaje|correo) por error)`,
      // sv
      String.raw`\b(?:sekretessmeddelande|detta (?:e-?postmeddelande|e-?post|mejl|meddelande)[^.]{0,80}\b(?:konfidentiell|sekretess)|om du (?:inte är rätt mottagare|har fått detta[^.]{0,30}av misstag))`,
    ].join('|'),
    'i',
  ),
);

export function isSignOff(line: string): boolean {
  if (line.length > 60) return false;
  const m = SIGN_OFF.exec(line);
  return m !== null && NAME.test(m[1] ?? '');
}

export function isInitials(line: string): boolean {
  return line.length <= 12 && INITIALS.test(line);
}

/** boundaryFree(DISCLAIMER): every line after the first is asked, and nearly all are ruled out by this alone. */
const DISCLAIMER_QUICK = boundaryFree(DISCLAIMER);

export function isDisclaimer(line: string): boolean {
  const head = line.slice(0, 400);
  return DISCLAIMER_QUICK.test(head) && DISCLAIMER.test(head);
}

/** A postscript after the signature is new text again ("P.S. The invoice is still wrong."). */
export function isPostscript(line: string): boolean {
  return /^\s*p\.?\s?s\.?\s*[:.-]?\s/i.test(line);
}
