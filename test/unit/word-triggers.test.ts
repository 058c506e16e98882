import { describe, expect, it } from 'vitest';
import { loadTrainCorpus } from '../../scripts/tone/corpus.ts';
import { leadingWords } from '../../src/triage/leading-words.ts';
import { PAYMENT_RULES } from '../../src/triage/payment.ts';
import { URGENCY_PATTERNS } from '../../src/triage/tone/urgency-cues.ts';
import { latinOnly, unicodeWords } from '../../src/triage/unicode-words.ts';
import { WordTriggers } from '../../src/triage/word-triggers.ts';

const RULES = [...PAYMENT_RULES, ...URGENCY_PATTERNS];

describe('leadingWords', () => {
  it('spells out the literal starts of every alternative, optional parts with and without', () => {
    expect(new Set(leadingWords(/\b(?:can'?t|nobody can) (?:pay|book)/i))).toEqual(
      new Set(["can't pay", "can't book", 'cant pay', 'cant book', 'nobody can pay', 'nobody can book']),
    );
    expect(new Set(leadingWords(/\b(?:an?\s+)?extension\b[^.]{0,30}\bpay/i))).toEqual(
      new Set(['a', 'an', 'extension']),
    );
    expect(leadingWords(/\bcrash(?:ed|ing)?\b|\bumsatz(?:ausfall|verlust)/i)).toEqual([
      'crash',
      'crashed',
      'crashing',
      'umsatzausfall',
      'umsatzverlust',
    ]);
  });

  it('answers null when a match could start without a word start or a letter', () => {
    expect(leadingWords(/(?:paid|settled)/i)).toBeNull(); // no \b
    expect(leadingWords(/\bpaid|settled/i)).toBeNull(); // the second alternative has none
    expect(leadingWords(/\b\d+ times/i)).toBeNull();
    expect(leadingWords(/\b(?:\w+\s+)?paid/i)).toBeNull();
    expect(leadingWords(/\bpaid/)).toBeNull(); // case-sensitive rules are not compared on lower case
  });

  it('reads every payment and urgency rule', () => {
    expect(RULES.filter((re) => leadingWords(re) === null)).toEqual([]);
  });
});

describe('WordTriggers', () => {
  it("compares lower case as the rules' i flag does, on every character latinOnly accepts but ſ", () => {
    const used = new Set(RULES.flatMap((re) => leadingWords(re) ?? []).flatMap((w) => [...w]));
    const differ: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCharCode(cp);
      if (!latinOnly(c) || c === 'ſ') continue;
      for (const x of used) {
        const same = new RegExp(`^${x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'iu');
        if (same.test(c) && c.toLowerCase() !== x) differ.push(`${c}~${x}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('never puts the start of a payment or urgency rule after its first match, on the training mails', () => {
    const triggers = new WordTriggers(RULES);
    const compiled = RULES.map(unicodeWords);
    const missed: string[] = [];
    let answered = 0;
    let matched = 0;
    const corpus = loadTrainCorpus();
    for (let i = 0; i < corpus.length; i += 2) {
      const text = `${corpus[i]!.subject}\n\n${corpus[i]!.body}`;
      const starts = triggers.firstStarts(text);
      if (starts === null) continue;
      answered++;
      compiled.forEach((re, k) => {
        const m = re.exec(text);
        if (!m) return;
        matched++;
        if (starts[k]! < 0 || starts[k]! > m.index)
          missed.push(`${corpus[i]!.id}: ${RULES[k]!.source.slice(0, 60)} at ${m.index}, start ${starts[k]}`);
      });
    }
    expect(answered).toBeGreaterThan(2000);
    expect(matched).toBeGreaterThan(500);
    expect(missed).toEqual([]);
  });

  it('answers null for text it cannot read word by word', () => {
    const triggers = new WordTriggers(RULES);
    expect(triggers.firstStarts('Мы уже оплатили счёт')).toBeNull();
    expect(triggers.firstStarts('Wir haben die Rechnung bezahlt, ſofort')).toBeNull();
    expect(triggers.firstStarts('İnvoice paid')).toBeNull(); // lower case is longer
    expect(triggers.firstStarts('We have already paid the invoice.')).not.toBeNull();
  });
});
