import Holidays from 'date-holidays';
import type { HolidayType } from '../config/holidays-schema.ts';

/**
 * The one place that asks date-holidays, and so the one place that knows which of a country's holidays close an
 * office: those whose type is in the calendar's `holidays.types`. date-holidays starts some of them in the
 * afternoon (Heiliger Abend and Silvester at 14:00); an office that closes for one closes the whole day.
 */

export interface ClosingHoliday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
  type: HolidayType;
}

// Per country and year: building a Holidays instance and its year is the costly part, and every calendar of a
// process with that country shares it whatever its types.
const yearCache = new Map<string, ClosingHoliday[]>();
const closingCache = new Map<string, Set<string>>();

function holidaysOf(country: string, year: number): ClosingHoliday[] {
  const key = `${country}:${year}`;
  let list = yearCache.get(key);
  if (!list) {
    const [c, state] = country.split('-');
    const hd = state ? new Holidays(c!, state) : new Holidays(c!);
    list = (hd.getHolidays(year) || []).map((h) => ({
      date: h.date.slice(0, 10),
      name: h.name,
      type: h.type,
    }));
    yearCache.set(key, list);
  }
  return list;
}

/** The holidays of `country` in `year` whose type closes the office, in date order. */
export function closingHolidays(
  country: string,
  year: number,
  types: readonly HolidayType[],
): ClosingHoliday[] {
  return holidaysOf(country, year).filter((h) => types.includes(h.type));
}

/** True when a holiday of one of `types` falls on `localDate` (YYYY-MM-DD) in `country`. */
export function isClosingHoliday(country: string, localDate: string, types: readonly HolidayType[]): boolean {
  const year = Number(localDate.slice(0, 4));
  const key = `${country}:${year}:${types.join(',')}`;
  let dates = closingCache.get(key);
  if (!dates) {
    dates = new Set(closingHolidays(country, year, types).map((h) => h.date));
    closingCache.set(key, dates);
  }
  return dates.has(localDate);
}

/** True when date-holidays knows the country (and state) code. */
export function isKnownHolidayCountry(country: string): boolean {
  const [c, state] = country.split('-');
  const countries = new Holidays().getCountries();
  if (!c || !countries[c]) return false;
  if (!state) return true;
  const states = new Holidays().getStates(c) ?? {};
  return Boolean(states[state]);
}
