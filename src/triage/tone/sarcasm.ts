/**
 * Sarcasm as a pattern: praise around a failure ("Brilliant. Just brilliant. The checkout is down again.",
 * "Great job breaking the site", "Grazie mille per il sito che non funziona"), an echoed praise word
 * ("Perfect. Just perfect."), and a scare-quoted word ('the "final" version', „finale“ Version). Praise and
 * failure must meet within a short window: cheerful mail that also reports a small bug is far more common than
 * sarcasm, so the learned model weighs the pattern (it is a feature, not a verdict).
 */
const PRAISE = new RegExp(
  String.raw`(?<![\p{L}])(?:brilliant|great|fantastic|wonderful|perfect|lovely|amazing|excellent|superb|awesome|marvellous|marvelous|nice|bravo|well done|congratulations|thanks a lot|thanks so much|good job|great job|nice work|` +
    String.raw`fantastiskt|underbart|perfekt|toppen|strålande|briljant|snyggt|bra jobbat|tack så mycket|grattis|` +
    String.raw`fantastico|meraviglioso|perfetto|ottimo|bravissimi|bravi|complimenti|geniale|eccellente|grazie mille|splendido|` +
    String.raw`großartig|grossartig|wunderbar|perfekt|toll|super|klasse|prima|hervorragend|glückwunsch|gratuliere|vielen dank auch|` +
    String.raw`génial|magnifique|parfait|formidable|excellent|super|bravo|félicitations|merci beaucoup|chapeau|` +
    String.raw`fantástico|maravilloso|perfecto|genial|excelente|estupendo|felicidades|enhorabuena|muchas gracias)(?![\p{L}])`,
  'giu',
);
const FAILURE = new RegExp(
  String.raw`(?<![\p{L}])(?:again|still|broken|broke|breaking|down|crash\p{L}*|error\p{L}*|missing|wrong|late|nothing|nobody|failed|fails|not working|doesn't work|does not work|lost|another|` +
    String.raw`igen|fortfarande|trasig\p{L}*|nere|krasch\p{L}*|fel|saknas|försen\p{L}*|ingenting|ingen|fungerar inte|funkar inte|` +
    String.raw`ancora|di nuovo|rotto|rott[ai]|giù|errore|errori|sbagliat\p{L}*|mancan\p{L}*|ritardo|niente|nessuno|non funziona|` +
    String.raw`wieder|schon wieder|immer noch|kaputt|defekt|ausgefallen|fehler\p{L}*|falsch\p{L}*|fehlt|verspät\p{L}*|nichts|niemand|funktioniert nicht|` +
    String.raw`encore|toujours|cassé\p{L}*|en panne|plant\p{L}*|erreur\p{L}*|faux|fausse|manqu\p{L}*|retard|rien|personne|ne marche pas|ne fonctionne pas|` +
    String.raw`otra vez|de nuevo|todavía|sigue|roto|rota|caíd[oa]|error\p{L}*|equivocad\p{L}*|falta|retraso|nada|nadie|no funciona)(?![\p{L}])`,
  'giu',
);
/**
 * PRAISE without its letter boundaries: whatever PRAISE matches, this matches too, and an alternation without a
 * look-behind tried at every position scans several times faster, so most mail (no praise word) is done here.
 */
const PRAISE_QUICK = new RegExp(
  PRAISE.source.replace('(?<![\\p{L}])', '').replace(/\(\?!\[\\p\{L\}\]\)$/, ''),
  'iu',
);
/** An echoed praise word: "Brilliant. Just brilliant." / "Perfekt. Einfach perfekt." */
const ECHO = new RegExp(
  String.raw`(?<![\p{L}])(\p{L}{4,})[.!]+\s+(?:just|simply|really|truly|bara|helt enkelt|semplicemente|davvero|einfach|wirklich|tout simplement|vraiment|simplemente|realmente)\s+\1(?![\p{L}])`,
  'iu',
);
/** A single word in quotes after an article or demonstrative: 'the "final" version', la «dernière» version. */
const SCARE_QUOTE = /(?<![\p{L}])\p{L}{1,8}\s+["'“„«‘‚]\s?\p{L}{3,15}\s?["'”“»’‘]/u;
/** Praise and failure this close (in characters) make the pattern. */
const WINDOW = 90;

export interface SarcasmHit {
  kind: 'praise-around-failure' | 'echo' | 'scare-quote';
  start: number;
  end: number;
}

/** Cheap tests that must pass before the expensive expressions run (most mail has neither). */
const ECHO_HINT =
  /[.!]\s+(?:just|simply|really|truly|bara|helt enkelt|semplicemente|davvero|einfach|wirklich|tout simplement|vraiment|simplemente|realmente)\s/i;
/** SCARE_QUOTE's opening quote follows white space ("don't" and "l'équipe" do not make it run). */
const QUOTE_HINT = /\s["'“„«‘‚]/;
/** FAILURE without its letter boundaries (see PRAISE_QUICK): its first match is where FAILURE's scan starts. */
const FAILURE_QUICK = new RegExp(
  FAILURE.source.replace('(?<![\\p{L}])', '').replace(/\(\?!\[\\p\{L\}\]\)$/, ''),
  'iu',
);

export function findSarcasm(text: string): SarcasmHit[] {
  const hits: SarcasmHit[] = [];
  const echo = ECHO_HINT.test(text) ? ECHO.exec(text) : null;
  if (echo) hits.push({ kind: 'echo', start: echo.index, end: echo.index + echo[0].length });
  const quote = QUOTE_HINT.test(text) ? SCARE_QUOTE.exec(text) : null;
  if (quote) hits.push({ kind: 'scare-quote', start: quote.index, end: quote.index + quote[0].length });
  const first = PRAISE_QUICK.exec(text);
  if (!first) return hits;
  // PRAISE matches nowhere before its quick form's first match: the look-around scan starts there.
  const praise: RegExpExecArray[] = [];
  PRAISE.lastIndex = first.index;
  for (let m = PRAISE.exec(text); m !== null; m = PRAISE.exec(text)) praise.push(m);
  if (praise.length === 0) return hits;
  const failures: number[] = [];
  const failure = FAILURE_QUICK.exec(text);
  if (failure) {
    FAILURE.lastIndex = failure.index;
    for (let m = FAILURE.exec(text); m !== null; m = FAILURE.exec(text)) failures.push(m.index);
  }
  for (const m of praise) {
    const near = failures.find((f) => Math.abs(f - m.index) <= WINDOW);
    if (near === undefined) continue;
    const start = Math.min(near, m.index);
    const end = Math.max(m.index + m[0].length, near + 8);
    hits.push({ kind: 'praise-around-failure', start, end: sentenceEnd(text, end) });
    break;
  }
  return hits;
}

function sentenceEnd(text: string, from: number): number {
  const rest = text.slice(from, from + 80);
  const m = /[.!?\n]/.exec(rest);
  return from + (m ? m.index + (m[0] === '\n' ? 0 : 1) : rest.length);
}
