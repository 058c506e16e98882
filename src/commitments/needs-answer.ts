/**
 * Does a client's message wait for a person's answer? Everything does, except automated mail (decided by
 * triage), the agency's own mail, and a bare thank-you ("Thanks, Anna!", "Tack så mycket!", "Vielen Dank
 * für die schnelle Antwort. Viele Grüße, Jonas") — answering that would start a loop of thanks. Pure, six
 * languages (en, sv, de, it, fr, es).
 */

const word = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

// A thank-you names the thanks in one of these.
const THANKS = word(
  String.raw`thanks?|thank you|thx|ty|cheers|much appreciated|tack|tackar|danke|dankeschön|dank|grazie|ringrazio|merci|remercie|gracias|agradezco`,
);

// Words a bare thank-you is made of besides names: greetings, thanks, "got it", praise, closings.
const FILLER = new Set(
  `hi hello dear hey ok okay oki great perfect super wonderful excellent lovely nice awesome fantastic got it
   received noted all good so much very many a lot again for the your you this that help quick fast reply
   response answer best regards kind warm cheers have day weekend br thank thanks thx ty appreciated
   hej hejsan hallå tack tackar så mycket stort jättebra perfekt bra toppen okej fått mottaget noterat för
   hjälpen svaret snabba snabbt ha en trevlig dag helg vänliga hälsningar mvh med allt
   hallo guten tag liebe lieber danke dankeschön vielen besten herzlichen dank schön sehr super prima toll
   alles klar erhalten für die das schnelle antwort hilfe viele grüße grüsse beste freundliche mit lg vg mfg
   schönen gruß
   ciao buongiorno gentile salve grazie mille tante molte perfetto ottimo benissimo va bene ricevuto per la
   il risposta aiuto cordiali saluti un saluto buona giornata distinti tutto chiaro
   bonjour salut merci beaucoup bien parfait reçu noté pour votre la réponse aide cordialement bonne
   journée à vous très excellente
   hola buenos días gracias muchas mil perfecto genial estupendo recibido por su respuesta ayuda saludos
   saludo cordial atentamente buen día todo claro`
    .split(/\s+/)
    .filter(Boolean),
);

/** A bare thank-you has no question, few words, a word of thanks, and nothing else but names. */
export function isBareThankYou(text: string): boolean {
  const t = text.trim();
  if (!t || t.includes('?') || t.includes('¿')) return false;
  const words = t.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0 || words.length > 25 || !THANKS.test(t)) return false;
  // What is left are names (signature, greeting): capitalised, and only a few of them.
  const rest = words.filter((w) => !FILLER.has(w.toLowerCase()));
  return rest.length <= 3 && rest.every((w) => /^\p{Lu}/u.test(w));
}

export interface AnswerNeedInput {
  /** What the client just wrote (quoted history and signature removed). */
  text: string;
  /** Triage found auto-replies, bounces, lists, bulk or no-reply senders. */
  automated: boolean;
  /** Sent from the inbox's own address or an alias. */
  fromAgency: boolean;
}

export function needsAnswer(m: AnswerNeedInput): boolean {
  if (m.automated || m.fromAgency) return false;
  return !isBareThankYou(m.text);
}
