import { describe, expect, it } from 'vitest';
import { formatOfficeHours, formatWhen } from '../../src/drafts/locale-format.ts';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';

describe('office hours in the client’s words', () => {
  it('groups consecutive days with the same hours', () => {
    expect(formatOfficeHours(DEFAULT_OFFICE_HOURS, 'en')).toBe('Monday–Friday 09:00–17:00');
    expect(formatOfficeHours(DEFAULT_OFFICE_HOURS, 'de')).toBe('Montag–Freitag 09:00–17:00');
    expect(formatOfficeHours(DEFAULT_OFFICE_HOURS, 'sv')).toBe('måndag–fredag 09:00–17:00');
  });

  it('lists days that differ, split ranges and open weekends', () => {
    const hours = {
      ...DEFAULT_OFFICE_HOURS,
      fri: ['09:00-12:00'],
      wed: ['08:00-12:00', '13:00-17:00'],
      sat: ['10:00-14:00'],
    };
    expect(formatOfficeHours(hours, 'en')).toBe(
      'Monday–Tuesday 09:00–17:00; Wednesday 08:00–12:00, 13:00–17:00; Thursday 09:00–17:00; Friday 09:00–12:00; Saturday 10:00–14:00',
    );
  });
});

describe('dates and times in the client’s language, on the inbox’s clock', () => {
  const monday9 = new Date('2026-11-23T08:00:00Z');
  it.each([
    ['en', 'Monday 23 November, 09:00 (Stockholm time)'],
    ['de', 'Montag, 23. November, 09:00 Uhr (Ortszeit Stockholm)'],
    ['it', 'lunedì 23 novembre, ore 09:00 (ora di Stoccolma)'],
    ['sv', 'måndag 23 november kl. 09:00 (tid i Stockholm)'],
    ['fr', 'lundi 23 novembre à 09:00 (heure de Stockholm)'],
    ['es', 'lunes, 23 de noviembre, a las 09:00 (hora de Estocolmo)'],
  ])('%s → %s', (lang, text) => {
    expect(formatWhen(monday9, lang, 'Europe/Stockholm')).toBe(text);
  });

  it('follows daylight saving time of the inbox zone', () => {
    expect(formatWhen(new Date('2026-06-01T07:00:00Z'), 'en', 'Europe/Stockholm')).toBe(
      'Monday 1 June, 09:00 (Stockholm time)',
    );
  });

  it("adds the client's own clock (the Date header's offset) when it differs, in every language", () => {
    const at = new Date('2026-11-27T16:00:00Z'); // Friday 17:00 in Stockholm, 11:00 in New York
    expect(formatWhen(at, 'en', 'Europe/Stockholm', -300)).toBe(
      'Friday 27 November, 17:00 (Stockholm time; 11:00 your time)',
    );
    expect(formatWhen(at, 'de', 'Europe/Stockholm', -300)).toContain('11:00 Uhr bei Ihnen');
    // French puts a narrow no-break space before the semicolon, so no line of the reply starts with it.
    expect(formatWhen(at, 'fr', 'Europe/Stockholm', -300)).toBe(
      'vendredi 27 novembre à 17:00 (heure de Stockholm\u202f; 11:00 chez vous)',
    );
    expect(formatWhen(at, 'en', 'Europe/Stockholm', 60)).toBe('Friday 27 November, 17:00 (Stockholm time)');
    expect(formatWhen(at, 'en', 'Europe/Stockholm', null)).not.toContain('your time');
  });
});
