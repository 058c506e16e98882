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
    ['en', 'Monday 23 November, 09:00 CET'],
    ['de', 'Montag, 23. November, 09:00 MEZ'],
    ['it', 'lunedì 23 novembre, 09:00 CET'],
    ['sv', 'måndag 23 november, 09:00 CET'],
  ])('%s → %s', (lang, text) => {
    expect(formatWhen(monday9, lang, 'Europe/Stockholm')).toBe(text);
  });

  it('follows daylight saving time of the inbox zone', () => {
    expect(formatWhen(new Date('2026-06-01T07:00:00Z'), 'en', 'Europe/Stockholm')).toBe(
      'Monday 1 June, 09:00 CEST',
    );
  });
});
