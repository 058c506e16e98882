import { describe, expect, it } from 'vitest';
import { greetedPerson, greetingLine } from '../../src/drafts/greeting.ts';
import { aboutMatter, matterOf } from '../../src/drafts/matter.ts';

describe('greeting people, not companies', () => {
  it.each([
    ['Anna Berg', 'anna@acme.se', 'Hej Anna,'],
    ['Eva Ek', 'eva.ek@ek.se', 'Hej Eva,'], // a surname, not "e.K."
    ['Berg, Anna', 'anna@acme.se', 'Hej Anna,'],
    ['Brenner Bau GmbH', 'office@brenner.de', 'Hej,'],
    ['Costa Viajes', 'reservas@costa.es', 'Hej,'],
    ['Studio Luce', 'ciao@luce.it', 'Hej,'],
    ['Accounts Team', 'accounts@acme.se', 'Hej,'],
    ['Müller e.K.', 'mail@mueller.de', 'Hej,'],
    ['Lisa Lund', 'info@lund.se', 'Hej,'], // a shared role address signs for the company
    ['', 'anna@acme.se', 'Hej,'],
  ])('%j <%s> → %j', (name, address, line) => {
    expect(greetingLine('sv', greetedPerson(name, address))).toBe(line);
  });

  it('uses the form each language expects, with no guessed gender', () => {
    const anna = greetedPerson('Anna Berg');
    expect(['en', 'sv', 'de', 'it', 'fr', 'es'].map((l) => greetingLine(l, anna))).toEqual([
      'Dear Anna,',
      'Hej Anna,',
      'Guten Tag Anna Berg,',
      'Gentile Anna Berg,',
      'Bonjour Anna Berg,',
      'Hola, Anna:',
    ]);
    const company = greetedPerson('Kund AB');
    expect(['en', 'de', 'es'].map((l) => greetingLine(l, company))).toEqual([
      'Hello,',
      'Guten Tag,',
      'Hola:',
    ]);
  });
});

describe('the matter in our own words', () => {
  it.each([
    ['Website DOWN again - this is unacceptable', '', 'website'],
    ['AW: Buchungsseite kaputt', '', 'booking'],
    ['Hallo', 'Der Warenkorb funktioniert seit heute nicht', 'shop'],
    ['¿Dónde está el informe de octubre?', '', 'report'],
    ['Möte imorgon', '', 'meeting'],
    ['Fattura 2026-014', '', 'invoice'],
    ['Quick question', 'Could you call me?', null],
    ['Logo files for the print shop', '', 'design'],
    ['Website down, checkout broken', '', 'shop'],
  ])('%j / %j → %s', (subject, text, matter) => {
    expect(matterOf(subject, text)).toBe(matter);
  });

  it('names it with the language grammar built in, or not at all', () => {
    expect(aboutMatter('booking', 'de')).toBe('zu Ihrer Buchungsseite');
    expect(aboutMatter('website', 'it')).toBe('riguardo al Suo sito web');
    expect(aboutMatter('report', 'sv')).toBe('om din rapport');
    expect(aboutMatter(null, 'fr')).toBe('');
  });
});
