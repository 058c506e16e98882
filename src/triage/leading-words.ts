/**
 * The literal text a rule's match starts with, read from its source: a match of
 * `/\b(?:can'?t|nobody can) (?:pay|book)/i` starts at a word start with "can" or "nobody can ". Rule sets
 * (urgency, payment) use them to run a rule only on text that has one (word-triggers.ts).
 *
 * The reading is conservative: every top-level alternative must start at a word start (`\b`), and a prefix
 * stops at anything that is not a plain literal (a class, an escape such as \s or \w, an optional or repeated
 * part, a lookaround). When a source says anything this reading does not understand, or an alternative could
 * start with no letter or digit, the answer is null: the rule then runs on every text, as before.
 */

interface Prefix {
  text: string;
  /** Whether the next literal still extends it (nothing non-literal has been met). */
  open: boolean;
}

const MAX_PREFIXES = 400;
const SYNTAX = new Set(['\\', '(', ')', '[', ']', '{', '}', '|', '.', '*', '+', '?', '^', '$']);
const WORD_CHAR = /[\p{L}\p{N}_]/u;

class Unsupported extends Error {}

/** How often a part may occur; a minimum above one counts as one (only the first occurrence is read). */
interface Quantifier {
  min: number;
  max: number;
}

export function leadingWords(re: RegExp): string[] | null {
  if (!re.flags.includes('i')) return null;
  try {
    const parser = new Parser(re.source);
    const prefixes = parser.alternation(true);
    if (parser.at < re.source.length) return null;
    const out = new Set<string>();
    for (const { text } of prefixes) {
      if (text === '' || !WORD_CHAR.test(text[0]!)) return null;
      out.add(text.toLowerCase());
    }
    return [...out];
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

class Parser {
  at = 0;
  constructor(private readonly source: string) {}

  /** Alternatives up to a ')' or the end; at the top level each must start at a word boundary. */
  alternation(top: boolean): Prefix[] {
    const out: Prefix[] = [];
    for (;;) {
      out.push(...this.sequence(top));
      if (out.length > MAX_PREFIXES) throw new Unsupported();
      if (this.source[this.at] !== '|') return out;
      this.at++;
    }
  }

  private sequence(top: boolean): Prefix[] {
    let prefixes: Prefix[] = [{ text: '', open: true }];
    let started = false;
    let bounded = !top;
    const close = () => (prefixes = prefixes.map((p) => ({ text: p.text, open: false })));
    while (this.at < this.source.length) {
      const c = this.source[this.at]!;
      if (c === '|' || c === ')') break;
      if (c === '\\') {
        const next = this.source[this.at + 1];
        if (next === undefined) throw new Unsupported();
        this.at += 2;
        if (next === 'b') {
          // unicode-words.ts makes a \b before a letter or a group a word start, any other a word end.
          const start = /^(?:\p{L}|\((?!\?[=!<]))/u.test(this.source.slice(this.at));
          if (!started && start) bounded = true;
          else if (!started) throw new Unsupported();
          else close();
          continue;
        }
        if (/[a-zA-Z0-9]/.test(next)) {
          // \s, \w, \d, \p{…}, \u…: a class or an escape this reading does not spell out.
          if (next === 'p' || next === 'P' || next === 'u' || next === 'x') throw new Unsupported();
          if (!started && !bounded) throw new Unsupported();
          started = true;
          close();
          this.skipQuantifier();
          continue;
        }
        prefixes = this.literal(prefixes, next, () => (started = true), bounded);
        continue;
      }
      if (c === '(') {
        const look = /^\(\?<?[=!]/.exec(this.source.slice(this.at));
        this.at += look ? look[0].length : this.source.startsWith('(?:', this.at) ? 3 : 1;
        if (!look && this.source[this.at - 1] === '?') throw new Unsupported(); // named groups and the like
        const inner = this.alternation(false);
        if (this.source[this.at] !== ')') throw new Unsupported();
        this.at++;
        if (look) continue; // zero-width: consumes nothing
        if (!started && !bounded) throw new Unsupported();
        started = true;
        prefixes = this.repeat(prefixes, inner, this.skipQuantifier());
        continue;
      }
      if (c === '[' || c === '.') {
        if (!started && !bounded) throw new Unsupported();
        started = true;
        if (c === '[') this.skipClass();
        else this.at++;
        close();
        this.skipQuantifier();
        continue;
      }
      if (SYNTAX.has(c)) throw new Unsupported(); // ^ $ or a stray quantifier
      this.at++;
      prefixes = this.literal(prefixes, c, () => (started = true), bounded);
    }
    if (!bounded) throw new Unsupported();
    return prefixes;
  }

  private literal(prefixes: Prefix[], c: string, start: () => void, bounded: boolean): Prefix[] {
    if (!bounded) throw new Unsupported();
    start();
    return this.repeat(prefixes, [{ text: c, open: true }], this.skipQuantifier());
  }

  /**
   * The prefixes after a part (`inner`) repeated min to max times: without it when it may be left out, with it
   * once (still open only when it cannot repeat).
   */
  private repeat(prefixes: Prefix[], inner: Prefix[], { min, max }: Quantifier): Prefix[] {
    const out: Prefix[] = min === 0 ? [...prefixes] : [];
    for (const p of prefixes) {
      if (!p.open) {
        if (min > 0) out.push(p);
        continue;
      }
      for (const q of inner) out.push({ text: p.text + q.text, open: q.open && max === 1 });
      if (out.length > MAX_PREFIXES) throw new Unsupported();
    }
    return out;
  }

  /** Skips a quantifier and says how often the part before it may occur (once when there is none). */
  private skipQuantifier(): Quantifier {
    const c = this.source[this.at];
    let quantifier: Quantifier = { min: 1, max: 1 };
    if (c === '?') quantifier = { min: 0, max: 1 };
    else if (c === '*') quantifier = { min: 0, max: Infinity };
    else if (c === '+') quantifier = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!m) throw new Unsupported();
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.at += m[0].length - 1;
      quantifier = { min: Math.min(min, 1), max };
    } else return quantifier;
    this.at++;
    if (this.source[this.at] === '?') this.at++; // lazy
    return quantifier;
  }

  private skipClass(): void {
    this.at++; // '['
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      this.at += this.source[this.at] === '\\' ? 2 : 1;
    }
    if (this.source[this.at] !== ']') throw new Unsupported();
    this.at++;
  }
}
