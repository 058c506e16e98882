import { describe, expect, it } from 'vitest';
import { parseHolidaysForm } from '../../src/inboxes/holidays-form.ts';

const form = (over: Partial<Parameters<typeof parseHolidaysForm>[0]> = {}) =>
  parseHolidaysForm({ country: '', closed: '', open: '', types: ['public', 'bank'], ...over });

describe('the inbox form’s holiday fields', () => {
  it('become the holidays settings the config schema fills in', () => {
    expect(
      form({ country: ' de-by ', closed: '2026-12-28;2026-12-29', open: '2026-12-24 2026-12-31' }),
    ).toEqual({
      ok: true,
      holidays: {
        country: 'DE-BY',
        types: ['public', 'bank'],
        closed: ['2026-12-28', '2026-12-29'],
        open: ['2026-12-24', '2026-12-31'],
      },
    });
    expect(form({ types: [''] })).toEqual({ ok: true, holidays: { types: [], closed: [], open: [] } });
  });

  it('gives every problem to its field, naming the value', () => {
    expect(
      form({
        country: 'Sweden',
        types: ['public', 'feast'],
        closed: '2026-12-24, 24/12',
        open: '2026-12-24, 2026-02-30',
      }),
    ).toEqual({
      ok: false,
      errors: {
        country: ['"SWEDEN" is not an ISO country code like SE or DE-BY'],
        types: ['"feast" is not a date-holidays type: use public, bank, school, optional, observance'],
        closed: ['"24/12" is not a YYYY-MM-DD date'],
        open: ['"2026-02-30" is not a YYYY-MM-DD date'],
      },
    });
  });

  it('refuses a day both closed and open, on the open field', () => {
    expect(form({ closed: '2026-12-24', open: '2026-12-24' })).toEqual({
      ok: false,
      errors: { open: ['2026-12-24 is also in closed: a day cannot be both closed and open'] },
    });
  });
});
