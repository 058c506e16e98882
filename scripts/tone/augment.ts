/**
 * Calm mail without its courtesy. In the corpus nearly every calm message greets, thanks or says please, while
 * short mail without any of that is mostly curt anger — so a model learns "no courtesy words" as anger, and
 * flags routine mail that real senders write bare ("Meeting moved to Thursday 10:00. Same room."). Each calm
 * training message is therefore also shown with its courtesy sentences removed, still labelled calm; angry
 * messages are left as written.
 */
const COURTESY =
  /(?<![\p{L}])(?:thank|thanks|thx|please|kindly|regards|cheers|hi|hello|dear|hey|appreciate\p{L}*|grateful|hope you|sorry|tack|hej|hejsan|snälla|vänlig\p{L}*|hälsning\p{L}*|ursäkta|förlåt|grazie|per favore|cortesemente|cordial\p{L}*|saluti|gentile|ciao|buongiorno|scusa\p{L}*|danke|dank|bitte|grüße|grüsse|gruß|liebe|lieber|hallo|sehr geehrte\p{L}*|entschuldig\p{L}*|merci|s'il vous plaît|svp|bonjour|bonne journée|désolé\p{L}*|excuse\p{L}*|gracias|por favor|saludos|hola|estimad\p{L}*|un abrazo|disculp\p{L}*|perdón)(?![\p{L}])/iu;

const SENTENCE = /[^.!?\n]+[.!?]*[ \t]*|\n/g;

/** The text without its courtesy sentences, or null when that changes nothing or leaves nothing. */
export function withoutCourtesy(text: string): string | null {
  const kept = (text.match(SENTENCE) ?? []).filter((s) => !COURTESY.test(s));
  const out = kept
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return out === '' || out === text.trim() ? null : out;
}
