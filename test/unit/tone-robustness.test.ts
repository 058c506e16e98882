import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';
import { MAX_SCORED_CHARS } from '../../src/triage/tone/text.ts';

const classifier = loadBuiltinClassifier();

function expectValid(text: unknown, language: unknown = 'en') {
  const result = classifier.score(text as string, language as string);
  expect(Number.isFinite(result.score)).toBe(true);
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(1);
  expect(Array.isArray(result.cues)).toBe(true);
  return result;
}

describe('tone classifier on hostile or odd input (email content is untrusted)', () => {
  it('scores empty and whitespace-only text as not angry, with no reasons', () => {
    expect(expectValid('')).toMatchObject({ score: 0, cues: [] });
    expect(expectValid(' \n\t ')).toMatchObject({ score: 0, cues: [] });
  });

  it('handles 1 MB of text quickly because only the opening is scored', () => {
    const huge = 'I am furious: this is unacceptable and I am still waiting. '.repeat(17_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const result = expectValid(huge);
    expect(performance.now() - started).toBeLessThan(200);
    // The opening decides: the same score as its first MAX_SCORED_CHARS characters alone, and its anger quoted.
    // (A milder sentence repeated reads less angry than once — "This is unacceptable and I am still waiting." 0.22
    // against 0.99 — because the word features of a long mail count up to a bound while the cue phrases count once.)
    expect(result.score).toBeCloseTo(classifier.score(huge.slice(0, MAX_SCORED_CHARS), 'en').score, 6);
    expect(result.score).toBeGreaterThan(0.5);
    expect(result.cues.join(' | ')).toMatch(/furious|unacceptable|still waiting/);
  });

  it('handles binary garbage, NUL bytes and lone surrogates', () => {
    expectValid(randomBytes(1 << 20).toString('latin1'));
    expectValid(randomBytes(4096).toString('utf8'));
    expectValid('\u0000\u0001\uFFFD\uD800\uDC00\uDFFF\uD800 abc');
  });

  it('handles emoji-only and mixed-emoji text', () => {
    expect(expectValid('😡😡😡🤬').score).toBe(0);
    expectValid('Great work 👍🎉 see you Friday!');
  });

  it('handles right-to-left and non-Latin scripts', () => {
    expectValid('هذا غير مقبول على الإطلاق!!!', 'ar');
    expectValid('זה לא מקובל בכלל', 'he');
    expectValid('これは受け入れられません。', 'ja');
    expectValid('İSTANBUL İÇİN İPTAL EDİYORUZ', 'tr');
  });

  it('does not trip over odd language codes or non-string input', () => {
    expectValid('Thanks for nothing.', '__proto__');
    expectValid('Thanks for nothing.', undefined);
    expectValid(undefined);
    expectValid(null);
    expectValid(42);
    const c = classifier as unknown as { score(t: unknown, l: unknown, s: unknown): unknown };
    expect(() => c.score('Hello', 'en', 42)).not.toThrow();
    expect(() => c.score(null, null, { toString: null })).not.toThrow();
  });

  it('survives pathological punctuation and very long words', () => {
    expectValid('!'.repeat(100_000));
    expectValid('?!'.repeat(50_000));
    expectValid('a'.repeat(100_000));
    expectValid('cancel '.repeat(2000) + 'the contract');
  });
});
