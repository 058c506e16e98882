/**
 * Did the agency's mail ask the client for something — a question, an approval, material? Then a silent client
 * gets a follow-up (issue 13, inbox-zero's "awaiting reply"). Pure, six languages. Courtesy offers ("let us know
 * if you have any questions", "n['’]hésitez pas…") are not asks: nobody owes an answer to them.
 */

const phrase = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

const OFFERS = [
  String.raw`let (us|me) know if you have (any )?(further |more )?questions|if you have any (further |more )?questions|(don['’]t|do not) hesitate|feel free to (contact|reach|get in touch|ask)|any questions,? (just )?let (us|me) know`,
  String.raw`om (du|ni) har (några )?(fler )?frågor|tveka inte|hör (gärna )?av dig om (du|ni) undrar`,
  String.raw`bei (weiteren )?fragen|falls sie (noch )?fragen|wenn sie (noch )?fragen|zögern sie nicht|melden sie sich gerne`,
  String.raw`per qualsiasi (domanda|dubbio|chiarimento|informazione)|non esiti|rest(o|iamo) a (sua |vostra )?(completa )?disposizione`,
  String.raw`n['’]hésitez pas|si vous avez (des|la moindre|d['’]autres) questions?|pour toute (autre )?question|rest(e|ons) à votre (entière )?disposition`,
  String.raw`no dude en|si tiene (alguna )?(pregunta|duda|consulta)|quedamos a su (entera )?disposición|para cualquier (duda|consulta|pregunta)`,
].map(phrase);

const ASKS = [
  // en
  String.raw`(please|kindly) (send|share|confirm|approve|provide|review|check|sign|upload|forward|reply|get back|let us know|let me know)|(could|can|would|will) you|let (us|me) know|we (still )?need|we('d| would) need|(awaiting|waiting for|look forward to) your (approval|feedback|reply|answer|confirmation|decision)|your (approval|feedback|confirmation|sign-off|go-ahead|input|decision) (on|for|by|before)`,
  // sv
  String.raw`(kan|skulle) (du|ni) (skicka|bekräfta|godkänna|titta|återkomma|maila|mejla|ladda upp|svara|meddela)|skicka gärna|återkom|hör av (dig|er)|vi behöver|(ditt|ert) godkännande|vänligen (skicka|bekräfta|godkänn|svara)|väntar på (ditt|din|ert|er|era)`,
  // de
  String.raw`(können|könnten|würden) sie|bitte (senden|schicken|bestätigen|geben|lassen|prüfen|freigeben|melden|antworten|übermitteln)|(ihre|eure) (freigabe|rückmeldung|bestätigung|zustimmung|entscheidung)|wir (be)?nötigen|wir brauchen|geben sie (uns )?bescheid|lassen sie uns wissen|warten auf ihre`,
  // it
  String.raw`(potrebbe|può|potreste|potete|vorrebbe) (inviar|mandar|confermar|approvar|farci|darci|indicar|rispond)\p{L}*|ci (invii|mandi|confermi|faccia sapere|dica)|(la|vi) preghiamo di|abbiamo bisogno|(sua|vostra) (approvazione|conferma|risposta|riscontro|decisione)|in attesa (della|di) (sua|vostra)`,
  // fr
  String.raw`(pourriez|pouvez|pourrez|voudriez)[- ]vous|merci de (nous )?(envoyer|confirmer|valider|transmettre|faire|répondre|indiquer)|(votre|vos) (validation|accord|confirmation|retours?|décision)|nous avons besoin|tenez[- ]nous (au courant|informés)|dans l['’]attente de votre|en attente de votre`,
  // es
  String.raw`(podría|puede|podrían|pueden) (usted |ustedes )?(enviar|mandar|confirmar|aprobar|indicar|decir|responder)\p{L}*|(envíenos|mándenos|confírmenos|indíquenos|díganos)|(su|sus) (aprobación|confirmación|respuesta|comentarios|visto bueno|decisión)|necesitamos|a la espera de su|por favor,? (envíe|confirme|apruebe|responda|indique)`,
].map(phrase);

/** The sentences of a text (a question mark, full stop, exclamation mark or line break ends one). */
const sentences = (text: string) =>
  text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter(Boolean);

export function asksClient(text: string): boolean {
  return sentences(text).some((s) => {
    if (OFFERS.some((o) => o.test(s))) return false;
    return s.includes('?') || ASKS.some((a) => a.test(s));
  });
}
