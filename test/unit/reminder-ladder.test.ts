import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { planLadder } from '../../src/reminders/ladder.ts';
import { isOpen, type OfficeCalendar } from '../../src/triage/office-hours.ts';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';

const stockholm: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: DEFAULT_OFFICE_HOURS,
  holidays: { country: 'SE', closed: ['2026-12-24', '2026-12-31'] },
};
const DEFAULT_STEPS = [3, 10, 21, 28];

/** Each step's send instant as local wall time in the calendar's zone, and as UTC. */
function landings(due: string, cal = stockholm, steps = DEFAULT_STEPS) {
  return planLadder(due, steps, cal).map((p) => ({
    step: p.step,
    local: p.sendAt.setZone(cal.timezone).toFormat("ccc yyyy-MM-dd'T'HH:mm"),
    utc: p.sendAt.toUTC().toISO({ suppressMilliseconds: true }),
  }));
}

describe('reminder ladder: where each step lands', () => {
  it('lands at 09:00 local on due + 3/10/21/28 days, rolled off the weekend, across the March DST switch', () => {
    // Due Thu 19 March 2026. +3 = Sun 22 → Mon 23 (CET, UTC+1). +10 = Sun 29 = the DST switch day → Mon 30
    // (CEST, UTC+2): the hour stays 09:00 local, the UTC instant moves by one hour.
    expect(landings('2026-03-19')).toEqual([
      { step: 1, local: 'Mon 2026-03-23T09:00', utc: '2026-03-23T08:00:00Z' },
      { step: 2, local: 'Mon 2026-03-30T09:00', utc: '2026-03-30T07:00:00Z' },
      { step: 3, local: 'Thu 2026-04-09T09:00', utc: '2026-04-09T07:00:00Z' },
      { step: 4, local: 'Thu 2026-04-16T09:00', utc: '2026-04-16T07:00:00Z' },
    ]);
  });

  it('keeps 09:00 local across the October DST switch (2026-10-25)', () => {
    // Due Thu 15 Oct. +3 = Sun 18 → Mon 19 (CEST). +10 = Sun 25 (switch day) → Mon 26 (CET).
    expect(landings('2026-10-15')).toEqual([
      { step: 1, local: 'Mon 2026-10-19T09:00', utc: '2026-10-19T07:00:00Z' },
      { step: 2, local: 'Mon 2026-10-26T09:00', utc: '2026-10-26T08:00:00Z' },
      { step: 3, local: 'Thu 2026-11-05T09:00', utc: '2026-11-05T08:00:00Z' },
      { step: 4, local: 'Thu 2026-11-12T09:00', utc: '2026-11-12T08:00:00Z' },
    ]);
  });

  it('rolls over Swedish Christmas and New Year to the next working day', () => {
    // Due Mon 21 Dec. +3 = 24 Dec (julafton, closed) → 25, 26 public holidays → weekend → Mon 28 Dec.
    // +10 = 31 Dec (closed) → 1 Jan public → weekend → Mon 4 Jan 2027.
    const l = landings('2026-12-21');
    expect(l[0]).toEqual({ step: 1, local: 'Mon 2026-12-28T09:00', utc: '2026-12-28T08:00:00Z' });
    expect(l[1]).toEqual({ step: 2, local: 'Mon 2027-01-04T09:00', utc: '2027-01-04T08:00:00Z' });
    // +21 = Mon 11 Jan; +28 = Mon 18 Jan: ordinary working days.
    expect(l[2]!.local).toBe('Mon 2027-01-11T09:00');
    expect(l[3]!.local).toBe('Mon 2027-01-18T09:00');
  });

  it('never lands on a weekend, a holiday or outside office hours, for every due date of 2026', () => {
    let day = DateTime.fromISO('2026-01-01', { zone: 'Europe/Stockholm' });
    let checked = 0;
    for (; day.year === 2026; day = day.plus({ days: 1 })) {
      for (const p of planLadder(day.toISODate()!, DEFAULT_STEPS, stockholm)) {
        const local = p.sendAt.setZone('Europe/Stockholm');
        expect(local.weekday, `${day.toISODate()} step ${p.step}`).toBeLessThanOrEqual(5);
        expect(isOpen(stockholm, p.sendAt.toJSDate())).toBe(true);
        expect(local.toFormat('HH:mm')).toBe('09:00');
        expect(local.toISODate()! >= p.targetDate).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(365 * 4);
  });

  it("times the ladder in the client's zone, not the agency's", () => {
    const ny: OfficeCalendar = { ...stockholm, timezone: 'America/New_York', holidays: { closed: [] } };
    // Due Thu 19 March: +3 = Sun 22 → Mon 23 09:00 EDT (US DST began 8 March) = 13:00Z.
    expect(landings('2026-03-19', ny)[0]).toEqual({
      step: 1,
      local: 'Mon 2026-03-23T09:00',
      utc: '2026-03-23T13:00:00Z',
    });
  });

  it('uses per-client offsets when given', () => {
    const l = landings('2026-06-01', stockholm, [1, 2, 3, 4]);
    expect(l.map((x) => x.local)).toEqual([
      'Tue 2026-06-02T09:00',
      'Wed 2026-06-03T09:00',
      'Thu 2026-06-04T09:00',
      'Fri 2026-06-05T09:00',
    ]);
  });
});
