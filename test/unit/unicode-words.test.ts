import { describe, expect, it } from 'vitest';
import { boundaryFree, latinOnly, latinWords, unicodeWords } from '../../src/triage/unicode-words.ts';
import { detectPayment } from '../../src/triage/payment.ts';

/** Every code point latinOnly() accepts (one-character strings). */
function latinOnlyCharacters(): string[] {
  const out: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (latinOnly(c)) out.push(c);
  }
  return out;
}

describe('latinWords', () => {
  const chars = latinOnlyCharacters();

  it('accepts Latin letters, punctuation, symbols and emoji, not other scripts nor lone surrogates', () => {
    for (const text of ['Grüße, Åsa — já, ñ, ø, “ok” → 👍🏽 ✓ €', 'Tack så mycket! 🎉'])
      expect(latinOnly(text)).toBe(true);
    for (const text of ['Привет', 'Γειά', '日本', '\u212a', '\u212b', '\u0345', '\ud83d', '\ufb01'])
      expect(latinOnly(text)).toBe(false);
    expect(chars.length).toBeGreaterThan(4000);
  });

  it('finds a word character where unicodeWords does, for every character latinOnly accepts, with and without i', () => {
    for (const flags of ['', 'i']) {
      const unicode = unicodeWords(new RegExp('^\\w$', flags));
      const latin = latinWords(new RegExp('^\\w$', flags));
      const differ = chars.filter((c) => unicode.test(c) !== latin.test(c));
      expect(differ).toEqual([]);
    }
  });

  it('compiles word boundaries the same way, and boundaryFree removes them from both', () => {
    const rule = /\b(?:betal\w*|payé)\b/i;
    const text = 'Vi har betalat. Déjà payé! ';
    expect(latinWords(rule).exec(text)?.index).toBe(unicodeWords(rule).exec(text)?.index);
    expect(boundaryFree(latinWords(rule)).source).not.toContain('(?<!');
    expect(boundaryFree(latinWords(rule)).source).toBe(
      boundaryFree(unicodeWords(rule)).source.replace('[\\p{L}\\p{N}_]', latinWordClass()),
    );
  });

  it('gives payment rules the same answer on text beyond Latin', () => {
    expect(detectPayment('Мы уже оплатили. We have already paid the invoice.')).toBe('paid');
    expect(detectPayment('We have already paid the invoice.')).toBe('paid');
  });
});

function latinWordClass(): string {
  return /\(\?<!(\[[^\]]*\])\)/.exec(latinWords(/\bx/).source)![1]!;
}
