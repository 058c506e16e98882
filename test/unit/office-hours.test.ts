import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  isOpen,
  isoWithOffset,
  nextOpening,
  type OfficeCalendar,
} from '../../src/triage/office-hours.ts';

const stockholm: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: {
    mon: ['09:00-17:00'],
    tue: ['09:00-17:00'],
    wed: ['09:00-12:00', '13:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-17:00'],
    sat: [],
    sun: [],
  },
  holidays: { country: 'SE', closed: ['2026-12-24', '2026-12-31'] },
};

const next = (iso: string) => isoWithOffset(nextOpening(stockholm, new Date(iso)));

describe('office hours', () => {
  it('treats the start of a range as open and its end as closed', () => {
    expect(isOpen(stockholm, new Date('2026-11-23T08:00:00Z'))).toBe(true); // 09:00 CET
    expect(isOpen(stockholm, new Date('2026-11-23T07:59:59Z'))).toBe(false);
    expect(isOpen(stockholm, new Date('2026-11-23T16:00:00Z'))).toBe(false); // 17:00 CET
  });

  it('closes over a lunch break between two ranges', () => {
    expect(isOpen(stockholm, new Date('2026-11-25T11:30:00Z'))).toBe(false); // Wed 12:30
    expect(next('2026-11-25T11:30:00Z')).toBe('2026-11-25T13:00:00+01:00');
  });

  it('rolls a Friday-night message to Monday morning', () => {
    expect(next('2026-11-20T22:14:00Z')).toBe('2026-11-23T09:00:00+01:00');
  });

  it('returns the instant itself while open', () => {
    expect(next('2026-11-23T10:00:00Z')).toBe('2026-11-23T11:00:00+01:00');
  });

  it('stays closed over Christmas to New Year (public holidays plus closed days)', () => {
    // 24 Dec closed (config), 25/26 public, 27/28 weekend? 2026-12-26 is Sat, 27 Sun; 31 closed; 1 Jan public.
    expect(next('2026-12-23T16:30:00Z')).toBe('2026-12-28T09:00:00+01:00');
    expect(next('2026-12-30T16:30:00Z')).toBe('2027-01-04T09:00:00+01:00');
  });

  it('keeps 09:00 local across the spring DST switch (2026-03-29)', () => {
    expect(next('2026-03-28T12:00:00Z')).toBe('2026-03-30T09:00:00+02:00');
    expect(isOpen(stockholm, new Date('2026-03-30T07:00:00Z'))).toBe(true); // 09:00 CEST
    expect(isOpen(stockholm, new Date('2026-03-30T06:30:00Z'))).toBe(false); // 08:30 CEST
  });

  it('keeps 09:00 local across the autumn DST switch (2026-10-25)', () => {
    expect(next('2026-10-24T12:00:00Z')).toBe('2026-10-26T09:00:00+01:00');
    expect(isOpen(stockholm, new Date('2026-10-23T07:00:00Z'))).toBe(true); // Fri 09:00 CEST
    expect(isOpen(stockholm, new Date('2026-10-26T07:00:00Z'))).toBe(false); // Mon 08:00 CET
  });

  it('counts business hours only while open', () => {
    // Fri 20 Nov 23:00 → opens Mon 09:00; Mon 8h + Tue 8h + Wed 7h (lunch 12–13) = 23h, the 24th ends Thu 10:00
    const opening = nextOpening(stockholm, new Date('2026-11-20T22:00:00Z'));
    const due = addBusinessHours(stockholm, opening.toJSDate(), 24);
    expect(isoWithOffset(due)).toBe('2026-11-26T10:00:00+01:00');
    const due4 = addBusinessHours(stockholm, new Date('2026-11-25T10:00:00Z'), 2); // Wed 11:00 + 2h, lunch 12-13
    expect(isoWithOffset(due4)).toBe('2026-11-25T14:00:00+01:00');
  });
});

describe('which holidays close the office', () => {
  const weekdays = { ...stockholm.officeHours, wed: ['09:00-17:00'] };
  const sweden: OfficeCalendar = {
    timezone: 'Europe/Stockholm',
    officeHours: weekdays,
    holidays: { country: 'SE', closed: [] },
  };
  const germany: OfficeCalendar = {
    timezone: 'Europe/Berlin',
    officeHours: weekdays,
    holidays: { country: 'DE', closed: [] },
  };
  const nextIn = (cal: OfficeCalendar, iso: string) => isoWithOffset(nextOpening(cal, new Date(iso)));
  const withHolidays = (
    cal: OfficeCalendar,
    holidays: Partial<OfficeCalendar['holidays']>,
  ): OfficeCalendar => ({
    ...cal,
    holidays: { ...cal.holidays, ...holidays },
  });

  it('closes on bank holidays by default: julafton, then 25–26 Dec public and a Sunday, opens Mon 28 Dec', () => {
    // date-holidays SE 2026: 24 Dec julafton (bank, Thu), 25 juldagen and 26 annandag jul (public), 27 Sunday.
    expect(nextIn(sweden, '2026-12-23T21:00:00Z')).toBe('2026-12-28T09:00:00+01:00'); // Wed 22:00 local
    expect(isOpen(sweden, new Date('2026-12-24T09:00:00Z'))).toBe(false);
  });

  it('closes a Swedish office on midsommarafton and nyårsafton, which date-holidays files as bank days', () => {
    expect(isOpen(sweden, new Date('2026-06-19T08:00:00Z'))).toBe(false); // Fri 10:00 CEST, midsommarafton
    expect(nextIn(sweden, '2026-06-18T16:00:00Z')).toBe('2026-06-22T09:00:00+02:00'); // → Mon after
    // nyårsafton Thu 31 Dec, nyårsdagen Fri 1 Jan (public), weekend → Mon 4 Jan.
    expect(nextIn(sweden, '2026-12-30T17:00:00Z')).toBe('2027-01-04T09:00:00+01:00');
  });

  it('closes a German office for all of Heiliger Abend and Silvester, though date-holidays starts them at 14:00', () => {
    expect(isOpen(germany, new Date('2026-12-24T08:00:00Z'))).toBe(false); // 09:00 local
    // Silvester Thu 31 Dec (bank), Neujahr Fri 1 Jan (public), Sat 2 and Sun 3 Jan → Mon 4 Jan.
    expect(nextIn(germany, '2026-12-30T23:30:00Z')).toBe('2027-01-04T09:00:00+01:00');
  });

  it('works on a holiday listed in open, at that weekday’s hours', () => {
    const openOnSilvester = withHolidays(germany, { open: ['2026-12-31'] });
    expect(nextIn(openOnSilvester, '2026-12-30T23:30:00Z')).toBe('2026-12-31T09:00:00+01:00');
    expect(isOpen(openOnSilvester, new Date('2026-12-31T15:59:00Z'))).toBe(true); // 16:59 local
    expect(isOpen(openOnSilvester, new Date('2026-12-24T08:00:00Z'))).toBe(false); // Heiliger Abend still closed
  });

  it('does not open a weekend day listed in open: open overrides holidays, not the weekly hours', () => {
    // Sat 26 Dec 2026 is annandag jul; Saturdays have no hours.
    expect(isOpen(withHolidays(sweden, { open: ['2026-12-26'] }), new Date('2026-12-26T10:00:00Z'))).toBe(
      false,
    );
  });

  it("restores the old behaviour with types: ['public'] (24 Dec is a working day again)", () => {
    expect(nextIn(withHolidays(sweden, { types: ['public'] }), '2026-12-23T21:00:00Z')).toBe(
      '2026-12-24T09:00:00+01:00',
    );
  });

  it('lets extra types close the office too: observance days such as Luciadagen', () => {
    // 13 Dec 2026 is a Sunday; 10 Dec (Nobeldagen, observance) is a Thursday.
    expect(
      isOpen(
        withHolidays(sweden, { types: ['public', 'bank', 'observance'] }),
        new Date('2026-12-10T09:00:00Z'),
      ),
    ).toBe(false);
    expect(isOpen(sweden, new Date('2026-12-10T09:00:00Z'))).toBe(true);
  });

  it('closes on no holiday with an empty types list, only on closed days', () => {
    const none = withHolidays(sweden, { types: [], closed: ['2026-12-28'] });
    expect(nextIn(none, '2026-12-24T21:00:00Z')).toBe('2026-12-25T09:00:00+01:00');
    expect(isOpen(none, new Date('2026-12-28T09:00:00Z'))).toBe(false);
  });

  it('answers per calendar object: a calendar with other types is not served the cached days of another', () => {
    const at = new Date('2026-12-24T09:00:00Z');
    expect(isOpen(sweden, at)).toBe(false);
    expect(isOpen(withHolidays(sweden, { types: ['public'] }), at)).toBe(true);
    expect(isOpen(sweden, at)).toBe(false);
  });
});
