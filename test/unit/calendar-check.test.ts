import { describe, expect, it } from 'vitest';
import { checkCalendar } from '../../src/doctor/calendar-check.ts';
import { ManualClock } from '../../src/clock.ts';
import { offlineConfig } from '../harness/config.ts';

const inboxWith = (holidays: object) => offlineConfig({ holidays }).inboxes[0]!;
const check = (holidays: object, at = '2026-12-01T10:00:00Z') =>
  checkCalendar(inboxWith(holidays), 0, new ManualClock(new Date(at))).slice(1);

describe('doctor: holidays', () => {
  it('names the holiday types that close the office and the next one to come', () => {
    expect(check({ country: 'SE' })).toEqual([
      {
        status: 'pass',
        what: 'holidays studio',
        detail: 'SE is known; closed on public and bank holidays, next 2026-12-24 julafton (bank)',
      },
    ]);
    expect(check({ country: 'SE', types: ['public'] })[0]!.detail).toBe(
      'SE is known; closed on public holidays, next 2026-12-25 juldagen (public)',
    );
  });

  it('skips a holiday the office works on, and looks into the next year', () => {
    expect(check({ country: 'DE', open: ['2026-12-31'] }, '2026-12-30T10:00:00Z')[0]!.detail).toBe(
      'DE is known; closed on public and bank holidays, next 2027-01-01 Neujahr (public)',
    );
  });

  it('warns about an open day on which no closing holiday falls: it changes nothing', () => {
    expect(check({ country: 'SE', types: ['public'], open: ['2026-12-24', '2026-12-25'] })[1]).toEqual({
      status: 'warn',
      what: 'holidays.open studio',
      detail: '2026-12-24: no public holiday of SE falls on it, so listing it changes nothing',
      fix: "check the dates in inboxes[0].holidays.open, or add the holiday's type to holidays.types",
    });
    expect(check({ country: 'SE', open: ['2026-12-24'] })).toHaveLength(1);
    expect(check({ country: 'SE', open: ['2026-12-22', '2026-12-23'] })[1]!.detail).toBe(
      '2026-12-22, 2026-12-23: no public or bank holiday of SE falls on them, so listing them changes nothing',
    );
  });

  it('says so when no holiday type closes the office', () => {
    expect(check({ country: 'SE', types: [] })[0]!.detail).toBe(
      'SE is known; holidays.types is empty: no holiday closes the office',
    );
  });
});
