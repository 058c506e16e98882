import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { detectAll } from 'tinyld';
import { describe, expect, it } from 'vitest';
import { loadTrainCorpus } from '../../scripts/tone/corpus.ts';
import { DETECTABLE } from '../../src/triage/language.ts';
import { GRAM_LANGUAGES, TINYLD_VERSION } from '../../src/triage/language-grams.ts';
import { ngramLanguages } from '../../src/triage/ngram-language.ts';

const tinyldVersion = (): string => {
  const require = createRequire(import.meta.url);
  const dir = dirname(dirname(require.resolve('tinyld')));
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
};

describe('ngramLanguages', () => {
  it('has the tables of the installed tinyld, for exactly the languages language.ts allows', () => {
    // After upgrading tinyld: `npx tsx scripts/tone/language-grams.ts`.
    expect(TINYLD_VERSION).toBe(tinyldVersion());
    expect([...GRAM_LANGUAGES].sort()).toEqual([...DETECTABLE].sort());
  });

  it("gives tinyld's detectAll results, number for number, on training mail and odd text", () => {
    const texts = [
      '',
      '...',
      "l'été déjà’s fini",
      'ＡＢＣ１２３ ok',
      'Ærø ÅSA ørsted İstanbul ǅ ß ẞ',
      '日本語のテキスト',
      'Привет, как дела?',
      'x\u0301y\u0308z',
      '   a   b  ',
      'a\tb\nc  d',
      '"quoted" (paren) [brack] {brace} <tag> «guillemets» — dash',
      'Tack, vi ses på måndag.',
      'Danke, bis Montag.',
    ];
    const corpus = loadTrainCorpus();
    for (let i = 0; i < corpus.length; i += 5) {
      const m = corpus[i]!;
      texts.push(m.subject, m.body.slice(0, 300), m.body.slice(0, 40));
    }
    const differ = texts.filter(
      (t) =>
        JSON.stringify(ngramLanguages(t)) !== JSON.stringify(detectAll(t, { only: [...GRAM_LANGUAGES] })),
    );
    expect(texts.length).toBeGreaterThan(2000);
    expect(differ).toEqual([]);
  });

  it('answers the same for a word the second time (remembered scores)', () => {
    const first = JSON.stringify(ngramLanguages('Wir haben die Rechnung bezahlt'));
    expect(JSON.stringify(ngramLanguages('Wir haben die Rechnung bezahlt'))).toBe(first);
  });
});
