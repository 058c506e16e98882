import { unicodeWords } from './unicode-words.ts';
import { isDisclaimer, isInitials, isPostscript, isSignOff } from './email-footer.ts';

/**
 * The part of a message its sender just wrote: quoted history, forwarded messages and signatures removed.
 * Tone and payment talk are judged on this alone, so that anger in a quoted earlier message cannot make a
 * polite reply angry (and a furious reply above a polite quote stays furious).
 *
 * Works on lines: lines quoted with `>` are dropped wherever they are (inline and bottom-posted replies keep
 * their answers, and an attribution line above such a quote goes with it), and the first other history marker
 * cuts the rest: an attribution line in any of the languages below, an Outlook
 * "-----Original Message-----" or "From: … Sent: …" header block (localised), a forward separator, the
 * signature delimiter "-- " (RFC 3676 §4.3) or a mobile-client signature. Below a sign-off line ("Best regards,",
 * "Mit freundlichen Grüßen") the signature is skipped up to a postscript; a legal disclaimer or confidentiality
 * banner ends the new text; sign-off initials at the end are dropped (email-footer.ts).
 */

/** Text beyond this is not looked at: the new text of a reply is at the top. */
const MAX_TEXT = 100 * 1024;
/** Attribution lines are wrapped by some clients; this many following lines are joined to match one. */
const ATTRIBUTION_LINES = 3;
/** How far below a "From:" line the "Sent:" line of an Outlook header block may be. */
const HEADER_BLOCK_LINES = 6;

/** "On … wrote:" and its relatives: en, sv, de, fr, it, es, pt, nl, pl, fi, da/no. */
const ATTRIBUTION_VERB = unicodeWords(
  /(?:\bwrote|\bskrev|\bschrieb|\ba écrit|\bha scritto|\bescribió|\bescreveu|\bschreef|\bnapisał(?:\(a\))?|\bkirjoitti)\b[^\n]{0,200}:\s*$/i,
);
/** Attribution lines start with a preposition of time, a date, or the quoted person's address. */
const ATTRIBUTION_START = /^\s*(?:On|Den|Am|Le|Il|El|Em|Op|W dniu|\d|[^\n]{0,80}<[^<>\s]+@)/i;

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|messaggio originale|mensaje original|ursprungligt meddelande|originalmeddelande|oorspronkelijk bericht|oprindelig meddelelse|opprinnelig melding|mensagem original)\s*-{2,}/i;
const FORWARDED =
  /^\s*-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|messaggio inoltrato|mensaje reenviado|vidarebefordrat meddelande|videresendt melding|doorgestuurd bericht)\s*-{2,}/i;
/** Apple Mail and iOS announce a forward with a sentence and a colon instead of a dashed rule. */
const BEGIN_FORWARDED =
  /^\s*(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inizio messaggio inoltrato|comienzo del mensaje reenviado|inicio del mensaje reenviado|början av vidarebefordrat meddelande|vidarebefordrat meddelande)\s*:/i;

/** First line of an Outlook header block: "From:" in the six languages (plus nl/da/no/pt). */
const HEADER_FROM = /^\s*\*?(?:from|von|de|da|från|van|fra|od)\s*:\*?\s+\S/i;
const HEADER_SENT =
  /^\s*\*?(?:sent|date|gesendet|datum|envoyé|inviato|data|enviado|fecha|skickat|verzonden|sendt)\s*:\*?\s+\S/i;

/** "-- " is the RFC 3676 signature delimiter; many clients lose the trailing space. */
const SIG_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE =
  /^\s*(?:sent from my|sent from (?:outlook|yahoo mail|mail) for|get outlook for|skickat från min|von meinem .{1,40} gesendet|gesendet von meinem|inviato da|envoyé de mon|envoyé depuis mon|enviado desde mi|enviado do meu|sendt fra min|verzonden met|verstuurd vanaf mijn)\b/i;

/** How many lines (1–3) the attribution starting at line i spans, or 0 when there is none. */
function attributionLines(lines: string[], i: number): number {
  const line = lines[i]!;
  if (!ATTRIBUTION_START.test(line)) return 0;
  let joined = line;
  for (let k = 0; k < ATTRIBUTION_LINES; k++) {
    if (joined.length <= 400 && ATTRIBUTION_VERB.test(joined) && /[\d@]/.test(joined)) return k + 1;
    const next = lines[i + k + 1];
    if (next === undefined || next.trim() === '' || QUOTED_LINE.test(next)) return 0;
    joined += ' ' + next.trim();
  }
  return 0;
}

/**
 * A quoted line: ">" first, or supercite's initials before it ("MF> …", "  OB> …"), which mailing-list
 * replies from Emacs and old Unix mailers use; up to four characters, so "A>B" in prose is not taken for one.
 */
const QUOTED_LINE = /^\s*(?:>|[A-Za-z][\w-]{0,3}>(?:[\s>]|$))/;

/** The first non-blank line at or after index i is quoted. */
function quotedFollows(lines: string[], i: number): boolean {
  for (let k = i; k < lines.length; k++) {
    if (lines[k]!.trim() !== '') return QUOTED_LINE.test(lines[k]!);
  }
  return false;
}

function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i]!)) return false;
  for (let k = 1; k <= HEADER_BLOCK_LINES && i + k < lines.length; k++) {
    if (HEADER_SENT.test(lines[i + k]!)) return true;
  }
  return false;
}

/**
 * `attribution` is attributionLines(lines, i), which the caller has at hand. The dashed markers need a '-' and
 * the "…:" ones a ':', which a single scan of the line rules out for most lines before their expressions run.
 */
function startsHistory(lines: string[], i: number, attribution: number): boolean {
  const line = lines[i]!;
  const dash = line.includes('-');
  const colon = line.includes(':');
  return (
    (dash && SIG_DELIMITER.test(line)) ||
    (line.length < 80 && MOBILE_SIGNATURE.test(line)) ||
    (dash && ORIGINAL_MESSAGE.test(line)) ||
    (dash && FORWARDED.test(line)) ||
    (colon && BEGIN_FORWARDED.test(line)) ||
    (colon && isHeaderBlock(lines, i)) ||
    attribution > 0
  );
}

/**
 * Encoded payloads that old mailers put inline (uuencode, bare base64): not words anybody wrote, and their
 * capitals and punctuation runs would read as shouting to a tone model.
 */
const BASE64_LINE = /^[A-Za-z0-9+/]{40,}={0,2}$/;
const UU_BEGIN = /^begin [0-7]{3,4} \S/;

export function extractNewText(text: string): string {
  const lines = text.slice(0, MAX_TEXT).replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let uuencoded = false;
  let inSignature = false;
  let hasContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (uuencoded) {
      uuencoded = line.trim() !== 'end';
      continue;
    }
    if (line.startsWith('begin ') && UU_BEGIN.test(line)) {
      uuencoded = true;
      continue;
    }
    // An attribution above a ">" quote is dropped with the quote, and reading goes on: a reply written below
    // or between quoted lines (bottom-posting, inline answers) is new text. Above unquoted history it cuts.
    const attribution = attributionLines(lines, i);
    if (attribution > 0 && quotedFollows(lines, i + attribution)) {
      i += attribution - 1;
      continue;
    }
    if (startsHistory(lines, i, attribution)) break;
    if (QUOTED_LINE.test(line) || (line.length >= 40 && BASE64_LINE.test(line.trim()))) continue;
    // Footers only end a message that has said something: "Thanks!" alone is the message.
    if (hasContent && isDisclaimer(line)) break;
    if (hasContent && isSignOff(line)) {
      inSignature = true;
      continue;
    }
    if (inSignature && !isPostscript(line)) continue;
    inSignature = false;
    kept.push(line);
    if (line.trim() !== '') hasContent = true;
  }
  // Outlook puts a rule of underscores above its header block; trailing blank lines and sign-off initials go too.
  while (kept.length > 1 && /^[\s_—–-]*$|^$/.test(kept[kept.length - 1]!)) kept.pop();
  while (kept.length > 1 && isInitials(kept[kept.length - 1]!)) kept.pop();
  while (kept.length > 0 && /^[\s_—–-]*$/.test(kept[kept.length - 1]!)) kept.pop();
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
