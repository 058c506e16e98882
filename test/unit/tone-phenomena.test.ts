import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';
import { newTextOf, triage, type TriageInput, type TriageSettings } from '../../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../../src/triage/office-hours.ts';

/**
 * The phenomena of issue 11 in each of the six languages, written for these tests (never taken from the frozen
 * test set): sarcasm, cold escalation, "very unhappy", praise in capitals, a routine mail under a capitalised
 * legal banner, calm text above angry quoted history, a calm note above an angry forwarded customer, polite
 * urgency, and the four kinds of payment talk. Run through triage() as the worker does.
 */
interface Fixture {
  lang: string;
  kind: string;
  angry: boolean;
  urgent?: boolean;
  payment?: string;
  subject: string;
  body: string;
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/tone/phenomena.json', import.meta.url), 'utf8'),
) as Fixture[];
const classifier = loadBuiltinClassifier();
const settings: TriageSettings = {
  calendar: DEFAULT_CALENDAR,
  ownAddresses: ['studio@agency.example'],
  knownCorrespondentsOnly: false,
  angerThreshold: classifier.angerThreshold,
  ownMessageIdDomains: ['agency.example'],
};
const input = (f: Fixture): TriageInput => ({
  messageId: `<${f.kind}-${f.lang}@client.example>`,
  from: { address: 'client@client.example', name: 'Client' },
  to: [{ address: 'studio@agency.example', name: 'Studio' }],
  cc: [],
  returnPath: 'client@client.example',
  subject: f.subject,
  references: [],
  autoHeaders: {},
  text: f.body,
  html: null,
  arrivedAt: new Date('2026-06-15T10:00:00Z'),
});
const judged = fixtures.map((f) => ({
  f,
  r: triage(input(f), settings, classifier, { recentlyAcknowledged: false, isKnownSender: true }),
}));
const kinds = [...new Set(fixtures.map((f) => f.kind))];
const LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'];

describe('tone phenomena in six languages (fixtures written for the tests)', () => {
  it('has every phenomenon in every language', () => {
    for (const kind of kinds)
      expect(
        fixtures
          .filter((f) => f.kind === kind)
          .map((f) => f.lang)
          .sort(),
        kind,
      ).toEqual([...LANGUAGES].sort());
  });

  for (const kind of kinds) {
    it(`${kind}: the anger verdict is right in at least four of the six languages`, () => {
      const own = judged.filter((j) => j.f.kind === kind);
      const wrong = own.filter((j) => j.r.angry !== j.f.angry);
      expect(
        wrong.length,
        wrong.map((j) => `${j.f.lang} ${j.r.angerScore} ${j.r.cues.join(' | ')}`).join('\n'),
      ).toBeLessThanOrEqual(2);
    });
  }

  it('gets the anger verdict right on at least 90 % of all fixtures', () => {
    const right = judged.filter((j) => j.r.angry === j.f.angry).length;
    expect(right / judged.length).toBeGreaterThanOrEqual(0.9);
  });

  it('levels agree with the verdict: upset or hostile exactly when angry', () => {
    for (const { r } of judged) expect(['upset', 'hostile'].includes(r.angerLevel!)).toBe(r.angry);
  });

  it('reads the payment kind in at least five of six languages for each kind', () => {
    for (const kind of ['dispute', 'extension', 'promise', 'paid']) {
      const own = judged.filter((j) => j.f.kind === kind);
      const wrong = own.filter((j) => j.r.payment !== j.f.payment);
      expect(
        wrong.length,
        `${kind}: ${wrong.map((j) => `${j.f.lang}→${j.r.payment}`).join(', ')}`,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('finds polite urgency urgent and not angry, with a quoted reason', () => {
    const own = judged.filter((j) => j.f.kind === 'urgent-polite');
    expect(own.filter((j) => j.r.urgent).length).toBeGreaterThanOrEqual(5);
    for (const j of own.filter((x) => x.r.urgent)) expect(j.r.urgentCues!.length).toBeGreaterThan(0);
  });

  it('quotes cues from the new text only, never from quotes, forwards, banners or the subject', () => {
    for (const { f, r } of judged) {
      const newText = newTextOf({ text: f.body, html: null });
      for (const cue of [...r.cues, ...(r.urgentCues ?? [])]) {
        const quoted = /"([^"]*)"$/.exec(cue)?.[1];
        if (quoted !== undefined) expect(newText, `${f.kind}/${f.lang}: ${cue}`).toContain(quoted);
      }
    }
  });
});
