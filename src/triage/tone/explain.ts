import type { EmailFeatures, Evidence } from './email-features.ts';
import { denseIndex } from './email-features.ts';
import { tokenWeight, type Head } from './heads.ts';

/**
 * The phrases that decided a head's score, quoted from the new text only (never the subject, quoted history or
 * signature, which featurize() never sees or marks as outside `bodyStart`):
 * - rule evidence (cue phrases, shouting, sarcasm, urgency, payment) whose learnt weight pushes this head up;
 * - runs of adjacent words whose learnt weights push it up the most ("still not fixed", "stop sending").
 */
export interface Reason {
  text: string;
  weight: number;
  start: number;
  end: number;
}

/** A learnt run is named when its words move the log-odds at least this much together. */
const MIN_RUN = 0.35;
/** A word joins a run when it moves the log-odds at least this much by itself. */
const MIN_WORD = 0.05;
const MAX_RUN_WORDS = 5;

/** The first line of a span, trimmed: quotes stay exact substrings of the text. */
function quote(text: string, start: number, end: number): { q: string; start: number; end: number } {
  let s = start;
  let e = end;
  const nl = text.indexOf('\n', s);
  if (nl >= 0 && nl < e) e = nl;
  while (s < e && /\s/.test(text.charAt(s))) s++;
  while (e > s && /\s/.test(text.charAt(e - 1))) e--;
  return { q: text.slice(s, e), start: s, end: e };
}

export function evidenceReasons(
  head: Head,
  f: EmailFeatures,
  select: (e: Evidence) => boolean,
  featureOf: (e: Evidence) => string,
): Reason[] {
  const out: Reason[] = [];
  for (const e of f.evidence) {
    if (!select(e) || e.start < f.bodyStart || e.end <= e.start) continue;
    const weight = head.dense[denseIndex(featureOf(e))] as number;
    if (!(weight > 0)) continue;
    const { q, start, end } = quote(f.text, e.start, e.end);
    if (q === '' || out.some((r) => r.text.endsWith(`"${q}"`))) continue;
    out.push({ text: `${e.label}: "${q}"`, weight, start, end });
  }
  return out;
}

/** Whether text[from, to) holds a sentence end, a line break or a semicolon (no substring, no expression). */
function breaksPhrase(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 46 || c === 33 || c === 63 || c === 59) return true;
  }
  return false;
}

export function learntReasons(head: Head, f: EmailFeatures, max: number): Reason[] {
  const runs: Reason[] = [];
  let from = -1;
  let sum = 0;
  const close = (to: number) => {
    if (from >= 0 && sum >= MIN_RUN) {
      const { q, start, end } = quote(f.text, f.tokenStart[from] as number, f.tokenEnd[to] as number);
      if (q !== '') runs.push({ text: `"${q}"`, weight: sum, start, end });
    }
    from = -1;
    sum = 0;
  };
  for (let k = 0; k < f.tokens; k++) {
    const start = f.tokenStart[k] as number;
    const w = start >= f.bodyStart ? tokenWeight(head, f, k) : 0;
    // A sentence end, a line break or a long run ends the phrase.
    const broken =
      from >= 0 && (breaksPhrase(f.text, f.tokenEnd[k - 1] as number, start) || k - from >= MAX_RUN_WORDS);
    if (broken) close(k - 1);
    if (w >= MIN_WORD) {
      if (from < 0) from = k;
      sum += w;
    } else close(k - 1);
  }
  close(f.tokens - 1);
  return runs.sort((a, b) => b.weight - a.weight).slice(0, max);
}

/** Most important first; a reason that overlaps a more important one is left out (evidence wins ties). */
export function mergeReasons(evidence: Reason[], learnt: Reason[], max: number): string[] {
  const kept: Reason[] = [];
  for (const r of [...evidence.sort((a, b) => b.weight - a.weight), ...learnt]) {
    if (!kept.some((k) => r.start < k.end && k.start < r.end)) kept.push(r);
  }
  return kept
    .sort((a, b) => b.weight - a.weight)
    .slice(0, max)
    .map((r) => r.text);
}
