import { PHRASE_CUES } from './cue-phrases.ts';
import { isWordUnit } from './char-class.ts';
import { findShouting } from './capitals.ts';
import { combineHashes, fnv1a } from './hash.ts';
import { INTENSIFIER_HASHES, NEGATION_SCOPE, NEGATOR_HASHES } from './modifiers.ts';
import { findSarcasm } from './sarcasm.ts';
import { capText, MAX_SCORED_CHARS, MAX_TOKENS } from './text.ts';
import { findUrgency, URGENCY_GROUPS } from './urgency-cues.ts';
import { paymentTalk } from '../payment.ts';

/**
 * The features of one email for the learned heads (anger, level, urgency, payment talk): hashed sparse
 * features — words, word pairs, 5-letter prefixes (inflection, compounds), words in a negator's scope, words
 * after an intensifier, words shouted in capitals — and dense ones: the
 * general-corpora background logit, the curated cue phrases, shouting, punctuation runs, the sarcasm pattern,
 * length, the payment rules and the urgency cues. Identical in training and in scoring.
 */
export const DENSE_NAMES: readonly string[] = [
  'background',
  ...PHRASE_CUES.map((c) => `cue:${c.id}`),
  'shouting',
  'caps-line',
  'exclaim',
  'questions',
  'sarcasm:praise-around-failure',
  'sarcasm:echo',
  'sarcasm:scare-quote',
  // No counts of negators or intensifiers and no length: they lean angry in the corpus (angry mail argues) but
  // fire on any discussion, so they made unknown text (a mailing-list post, lorem ipsum) look angry. Negation and
  // intensity act through the words they modify (hashed features below).
  ...['dispute', 'extension', 'paid', 'promise'].map((k) => `payment:${k}`),
  ...URGENCY_GROUPS.map((g) => `urgency:${g.id}`),
];
const INDEX = new Map(DENSE_NAMES.map((n, i) => [n, i]));
export function denseIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown dense feature ${name}`);
  return i;
}

const SEED = {
  bigram: 0x51ed270b,
  prefix: 0x2f1a3b5c,
  negated: 0x6e656700,
  intensified: 0x696e7400,
  caps: 0x63617073,
};
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const PREFIX = 5;
const EXCLAIM = fnv1a('!') | 0;
const QUESTION = fnv1a('?') | 0;
const EXCLAIM_RUN = /!\s*!|!\?|\?!/;
const QUESTION_RUN = /\?\s*\?/;

/** A span of the text and what it is evidence of, for the cues shown to a lead. */
export interface Evidence {
  id: string;
  label: string;
  start: number;
  end: number;
}

export interface EmailFeatures {
  /** 32-bit feature hashes; a head masks them to its table size. */
  hashes: Int32Array;
  /** Weight of each hashed feature: 1/sqrt(count), so long and short mails stay comparable. */
  scale: number;
  dense: Float64Array;
  /** Word token k: [tokenStart[k], tokenEnd[k]) in `text`, its hashed features hashes[tokenFrom[k] .. tokenFrom[k+1]). */
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  tokenFrom: Int32Array;
  tokens: number;
  /** The text the features were computed on (subject and new text) and where the new text starts. */
  text: string;
  bodyStart: number;
  evidence: Evidence[];
  /** mentionsPayment(text): found by the payment rules' pass anyway. */
  mentionsPayment: boolean;
}

/** Characters of a fresh subject that are read. */
export const MAX_SUBJECT = 300;
// Per word token at most 6 features; each '!' or '?' of the (capped) subject and text 2 more.
const buffer = new Int32Array(MAX_TOKENS * 6 + 2 * (MAX_SCORED_CHARS + MAX_SUBJECT + 2) + 64);

/**
 * The weight of each hashed feature. Up to LONG features (about a 100-word email: a word brings three or four)
 * it is 1/sqrt(count), the usual normalisation; beyond, sqrt(LONG)/count, so that the sum over a long mailing-list post, a newsletter or
 * a pasted log cannot grow with its length: a few common words that lean one way per paragraph must not add up
 * to a verdict over twenty paragraphs (nor a repeated sentence to its opposite). Cue phrases, capitals and
 * punctuation (dense features) are not scaled.
 */
const LONG = 400;
function sparseScale(n: number): number {
  if (n === 0) return 0;
  return n <= LONG ? 1 / Math.sqrt(n) : Math.sqrt(LONG) / n;
}

export function extractEmailFeatures(subject: string, body: string, phraseCues: Evidence[]): EmailFeatures {
  const cappedBody = capText(body);
  const subj = capText(subject).slice(0, MAX_SUBJECT);
  const text = subj ? `${subj}\n\n${cappedBody}` : cappedBody;
  const bodyStart = text.length - cappedBody.length;
  const lower = text.toLowerCase();
  const comparable = lower.length === text.length;
  const dense = new Float64Array(DENSE_NAMES.length);
  const shouting = comparable ? findShouting(text) : { words: [], spans: [], capsLines: 0 };
  const inShout = (pos: number) => shouting.spans.some(([s, e]) => pos >= s && pos < e);

  const starts: number[] = [];
  const ends: number[] = [];
  const froms: number[] = [];
  let n = 0;
  let previous = 0;
  let negatedFor = 0;
  let intensify = false;
  for (let i = 0; i < lower.length && starts.length < MAX_TOKENS; i++) {
    const c = lower.charCodeAt(i);
    if (c === 33 || c === 63) {
      const h = c === 33 ? EXCLAIM : QUESTION;
      buffer[n++] = h;
      if (previous !== 0) buffer[n++] = combineHashes(previous ^ SEED.bigram, h) | 0;
      previous = h;
      negatedFor = 0;
      continue;
    }
    if (!isWordUnit(c)) {
      // Sentence and clause ends stop word pairs, negation scope and intensifiers.
      if (c === 46 || c === 59 || c === 58 || c === 10 || c === 44) {
        previous = 0;
        negatedFor = 0;
        intensify = false;
      }
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    let prefix = 0;
    for (; i < lower.length && isWordUnit(lower.charCodeAt(i)); i++) {
      h = Math.imul(h ^ lower.charCodeAt(i), FNV_PRIME);
      if (i - start + 1 === PREFIX) prefix = h;
    }
    const end = i;
    i--;
    starts.push(start);
    ends.push(end);
    froms.push(n);
    buffer[n++] = h;
    if (previous !== 0) buffer[n++] = combineHashes(previous ^ SEED.bigram, h) | 0;
    if (prefix !== 0 && end - start > PREFIX) buffer[n++] = combineHashes(SEED.prefix, prefix) | 0;
    if (negatedFor > 0) {
      buffer[n++] = combineHashes(SEED.negated, h) | 0;
      negatedFor--;
    }
    if (intensify) buffer[n++] = combineHashes(SEED.intensified, h) | 0;
    if (shouting.spans.length > 0 && inShout(start)) buffer[n++] = combineHashes(SEED.caps, h) | 0;
    intensify = INTENSIFIER_HASHES.has(h);
    if (NEGATOR_HASHES.has(h)) negatedFor = NEGATION_SCOPE;
    previous = h;
  }
  froms.push(n);

  const evidence: Evidence[] = [...phraseCues];
  for (const cue of phraseCues) dense[denseIndex(`cue:${cue.id}`)] = 1;
  dense[denseIndex('shouting')] = Math.log1p(shouting.words.length);
  dense[denseIndex('caps-line')] = Math.min(2, shouting.capsLines);
  for (const [s, e] of shouting.spans)
    evidence.push({ id: 'shouting', label: 'shouting in capitals', start: s, end: e });
  if (text.includes('!') && EXCLAIM_RUN.test(text)) dense[denseIndex('exclaim')] = 1;
  if (text.includes('?') && QUESTION_RUN.test(text)) dense[denseIndex('questions')] = 1;
  for (const hit of findSarcasm(text)) {
    dense[denseIndex(`sarcasm:${hit.kind}`)] = 1;
    evidence.push({ id: 'sarcasm', label: 'sarcasm', start: hit.start, end: hit.end });
  }
  const payment = paymentTalk(text);
  for (const hit of payment.hits) {
    dense[denseIndex(`payment:${hit.kind}`)] = 1;
    evidence.push({
      id: `payment:${hit.kind}`,
      label: `payment ${hit.kind}`,
      start: hit.start,
      end: hit.end,
    });
  }
  for (const hit of findUrgency(text)) {
    dense[denseIndex(`urgency:${hit.id}`)] = 1;
    evidence.push({ id: `urgency:${hit.id}`, label: hit.label, start: hit.start, end: hit.end });
  }
  return {
    hashes: buffer.slice(0, n),
    scale: sparseScale(n),
    dense,
    tokenStart: Int32Array.from(starts),
    tokenEnd: Int32Array.from(ends),
    tokenFrom: Int32Array.from(froms),
    tokens: starts.length,
    text,
    bodyStart,
    evidence,
    mentionsPayment: payment.mentioned,
  };
}
