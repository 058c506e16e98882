import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dataAvailable, loadAll } from '../../scripts/tone/data.ts';
import { detectCues } from '../../src/triage/tone/cues.ts';
import { extractFeatures } from '../../src/triage/tone/features.ts';
import { capText } from '../../src/triage/tone/text.ts';

const available = dataAvailable();
if (!available) console.log('skipped: ../shared not found');

describe.skipIf(!available)('tone data split (needs ../shared/data)', () => {
  const all = available ? loadAll() : [];

  it('holds back about 20 % of every benchmark language of XED, decided by the sentence alone', () => {
    // English is checked on its angry lines: the neutral-only neu_en.txt lines are never held back.
    for (const lang of ['en', 'sv', 'it', 'de', 'fr', 'es']) {
      const rows = all.filter(
        (e) => e.source === 'xed' && e.lang === lang && (lang !== 'en' || e.label === 1),
      );
      const held = rows.filter((e) => e.split === 'test').length / rows.length;
      expect(held, lang).toBeGreaterThan(0.17);
      expect(held, lang).toBeLessThan(0.23);
    }
  });

  it('never puts the same sentence in both the training and the held-back part', () => {
    const heldBack = new Set(all.filter((e) => e.split === 'test').map((e) => e.text));
    const leaked = all.filter((e) => e.split === 'train' && heldBack.has(e.text));
    expect(leaked).toEqual([]);
  });

  it('finds on every corpus line exactly the phrase cues a full scan finds (trigger words miss nothing)', () => {
    const phrases = (cues: { id: string; phrase?: string }[]) =>
      cues.filter((c) => c.phrase).map((c) => c.id);
    const missed = all.filter((e) => {
      const text = capText(e.text);
      const fast = phrases(extractFeatures(text, 12).cues);
      return fast.join() !== phrases(detectCues(text, text.toLowerCase())).join();
    });
    expect(missed.map((e) => e.text)).toEqual([]);
  });

  it('keeps GoEmotions dev for evaluation only and reads nearly all anger lines of the projections', () => {
    const dev = all.filter((e) => e.source === 'goemotions' && e.split === 'dev');
    expect(dev).toHaveLength(5426);
    expect(dev.filter((e) => e.label === 1)).toHaveLength(449);
    const anger = { sv: 1274, it: 1784, de: 1495, fr: 1947, es: 3008 };
    for (const [lang, count] of Object.entries(anger)) {
      const found = all.filter((e) => e.source === 'xed' && e.lang === lang && e.label === 1).length;
      expect(found, lang).toBeGreaterThan(count * 0.95);
    }
  });
});

describe('bench:tone without the data', () => {
  it('says it skipped instead of failing', () => {
    // --quick leaves out the test set, SpamAssassin and the speed run: only the general-corpus part is asked for.
    const out = execFileSync('npx', ['tsx', 'bench/tone.ts', '--quick'], {
      env: { ...process.env, TACTFUL_SHARED_DATA: '/nonexistent/tactful-data' },
      encoding: 'utf8',
    });
    expect(out).toContain('skipped: ../shared not found');
  });
});
