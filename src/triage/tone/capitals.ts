import { isAcronym } from './acronyms.ts';

/**
 * Shouting is capitals inside sentences of ordinary words ("asked THREE TIMES", "WHERE ARE THE FILES?").
 * What business mail writes in capitals without raising its voice never counts:
 * - acronyms and office shorthand (PDF, SEO, GA4 — acronyms.ts; anything with a digit);
 * - banners: a long line in capitals without "!" or "?" (legal notices that survived new-text extraction);
 * - product and campaign names: a capitalised run after an article or possessive ("the SUMMER SALE banner",
 *   "unsere WINTERAKTION"), inside quotes, or followed by ™/®;
 * - initials and one-word lines ("JK", "MvB", a name in capitals), and header-like "KEY: value" lines;
 * - a lone capitalised word of up to four letters (an acronym nobody listed: "RPM", "MIME", "ISP") unless it is
 *   a short word people stress ("NOT", "NOW", "NIE", "PAS").
 */
export interface Shouted {
  /** Lower-case shouted words, for the model's per-word capitals features. */
  words: string[];
  /** [start, end) of each shouted run in the text, for quoting. */
  spans: [number, number][];
  /** Lines written wholly in capitals that are not banners (a shouted subject or sentence). */
  capsLines: number;
}

const CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu;
const WORD = /[\p{L}\p{N}]+/gu;
/** Articles and possessives before a name in the six languages. */
const NAME_INTRO =
  /(?:^|[^\p{L}])(?:the|our|your|this|new|die|der|das|den|dem|des|unsere?[mnrs]?|ihre?[mnrs]?|eure?[mnrs]?|la|le|les|il|lo|gli|l'|el|los|las|nuestr[ao]s?|su|sus|vår|vårt|våra|er|ert|era|notre|nos|votre|vos|nostr[aoie]|vostr[aoie]|del|della|dello|du|de la|des)\s*["'“”«»„]?\s*$/iu;
const NAME_OUTRO = /^\s*["'“”«»]|^[™®]/u;
const BANNER_WORDS = 12;
/** Short words people write in capitals to stress them, in the six languages. */
const STRESSED = new Set(
  (
    'not now all any why who what how stop this that must you your me my we our no yes one more did do does ' +
    'was is are has have had will want need just only once ever same over done last very so too me it ' +
    'inte nu alla ni er vi du mig dig nej ja och här där igen när hur vad ' +
    'non ora mai più già ho ha voi noi io mio ' +
    'nie nun nur kein ich wir ist und noch ja doch mehr alle wann wie was wer ' +
    'pas plus rien vous tout déjà moi nous ni oui ' +
    'ya nada hoy nos más yo ni sí aún vez'
  ).split(' '),
);

function lineIsCaps(line: string): { words: number; caps: number } {
  let words = 0;
  let caps = 0;
  for (const m of line.matchAll(WORD)) {
    if (!/\p{L}{2,}/u.test(m[0])) continue;
    words++;
    if (m[0] === m[0].toUpperCase() && m[0] !== m[0].toLowerCase()) caps++;
  }
  return { words, caps };
}

/** Two capital letters in a row: without them nothing can shout, and most lines are skipped by this alone. */
const TWO_CAPS = /\p{Lu}\p{Lu}/u;

/**
 * The last text asked about and its answer: scoring asks twice about the same text (the background model's cues
 * and the email features), and callers only read the result. Synchronous, so no other call can come between.
 */
let last: { text: string; from: number; out: Shouted } | null = null;

export function findShouting(text: string, from = 0): Shouted {
  if (last !== null && last.from === from && last.text === text) return last.out;
  const out = shoutingIn(text, from);
  last = { text, from, out };
  return out;
}

function shoutingIn(text: string, from: number): Shouted {
  const out: Shouted = { words: [], spans: [], capsLines: 0 };
  if (!TWO_CAPS.test(text)) return out;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const offset = lineStart;
    lineStart += line.length + 1;
    if (offset + line.length < from || !TWO_CAPS.test(line)) continue;
    const { words, caps } = lineIsCaps(line);
    if (words <= 1 || /^\s*[\p{Lu}\s-]{2,30}:\s/u.test(line)) continue;
    const allCaps = caps >= 2 && caps >= words - 1;
    if (allCaps && words >= BANNER_WORDS && !/[!?]/.test(line)) continue;
    if (allCaps) out.capsLines++;
    // A run is a sequence of capitalised words with only spaces or light punctuation between them.
    let mode: 'none' | 'shout' | 'name' = 'none';
    let runStart = 0;
    let runEnd = 0;
    let runWords = 0;
    let runFirst = '';
    const close = () => {
      // A lone capitalised word of up to four letters is an acronym nobody listed ("RPM", "MIME", "ISP")
      // unless it is a short word people stress ("NOT", "NOW", "NIE"): it shouts only then.
      if (mode === 'shout' && runWords === 1 && runFirst.length <= 4 && !STRESSED.has(runFirst)) {
        out.words.pop();
      } else if (mode === 'shout') out.spans.push([offset + runStart, offset + runEnd]);
      mode = 'none';
    };
    for (const m of line.matchAll(CAPS_WORD)) {
      const word = m[0];
      const lower = word.toLowerCase();
      const end = m.index + word.length;
      const adjacent = mode !== 'none' && /^[\s,.!?'’-]{1,3}$/.test(line.slice(runEnd, m.index));
      // Acronyms neither start nor break a run ("SEND THE PDF NOW" still shouts).
      if (isAcronym(lower)) {
        if (adjacent) runEnd = end;
        continue;
      }
      if (adjacent) {
        runEnd = end;
        runWords++;
        if (mode === 'shout') out.words.push(lower);
        continue;
      }
      close();
      runStart = m.index;
      runEnd = end;
      runWords = 1;
      runFirst = lower;
      const before = line.slice(Math.max(0, m.index - 24), m.index);
      // A name is introduced by an article or possessive, quoted, or trademarked; its whole run goes with it.
      // In a line written wholly in capitals there is no telling names apart: the line shouts.
      const isName =
        !allCaps &&
        (NAME_INTRO.test(before) || /["'“«„‘]\s*$/u.test(before) || NAME_OUTRO.test(line.slice(end)));
      mode = isName ? 'name' : 'shout';
      if (!isName) out.words.push(lower);
    }
    close();
  }
  return out;
}
