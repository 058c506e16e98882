import { DateTime } from 'luxon';
import { toMinutes, WEEKDAYS, type HolidayConfig, type OfficeHours } from '../config/schema.ts';
import { DEFAULT_CLOSING_HOLIDAY_TYPES } from '../config/holidays-schema.ts';
import { isClosingHoliday } from './closing-holidays.ts';

/**
 * When an office is open: weekly ranges in a time zone, minus the holidays of a country whose type closes it
 * (src/triage/closing-holidays.ts), minus extra closed days, plus the holidays it works anyway (`open`). Every computation is done on the local calendar of the target day, so DST switches and offsets are
 * the time-zone database's business, not ours (the trap behind invoiceninja#12158).
 * Ranges are start-inclusive, end-exclusive.
 */
export interface OfficeCalendar {
  timezone: string;
  officeHours: OfficeHours;
  holidays: HolidayRules;
}

/**
 * An inbox's `holidays`. Calendars built in code (the CLI default, a client's, tests) may leave out `types`
 * (then the config's default, public and bank) and `open`.
 */
export type HolidayRules = Omit<HolidayConfig, 'types' | 'open'> &
  Partial<Pick<HolidayConfig, 'types' | 'open'>>;

/** Office hours Mon–Fri 09:00–17:00 in UTC, no holidays: the CLI's default without a config. */
export const DEFAULT_CALENDAR: OfficeCalendar = {
  timezone: 'UTC',
  officeHours: {
    mon: ['09:00-17:00'],
    tue: ['09:00-17:00'],
    wed: ['09:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-17:00'],
    sat: [],
    sun: [],
  },
  holidays: { closed: [] },
};

/** No office is closed for longer than this; beyond it the calendar is treated as misconfigured. */
const MAX_SCAN_DAYS = 400;

/** True when the office does not open at all on `localDate` (YYYY-MM-DD), whatever its weekly hours say. */
export function isClosedDay(cal: OfficeCalendar, localDate: string): boolean {
  const { country, closed, open = [], types = DEFAULT_CLOSING_HOLIDAY_TYPES } = cal.holidays;
  if (closed.includes(localDate)) return true;
  // The schema refuses a date in both lists, so `open` only ever overrides a holiday.
  if (!country || open.includes(localDate)) return false;
  return isClosingHoliday(country, localDate, types);
}

interface Interval {
  start: DateTime;
  end: DateTime;
}

/**
 * Open intervals per calendar and local date. Building them (holidays, zoned wall-clock instants) costs far
 * more than the rest of triage, and a worker meets the same few days over and over. Keyed by the calendar
 * object, so a reloaded config starts afresh; bounded so a scan over years cannot grow it without limit.
 */
const intervalCache = new WeakMap<OfficeCalendar, Map<string, Interval[]>>();
const MAX_CACHED_DAYS = 2000;

/** The open intervals of one local calendar day, as zoned instants. */
export function openIntervals(cal: OfficeCalendar, day: DateTime): Interval[] {
  // Any instant of the day will do: the key is its local date (startOf('day') is costly in luxon; only a
  // cache miss pays for it).
  const zoned = day.setZone(cal.timezone);
  const date = zoned.toISODate()!;
  let days = intervalCache.get(cal);
  if (!days) intervalCache.set(cal, (days = new Map()));
  let intervals = days.get(date);
  if (!intervals) {
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    intervals = buildIntervals(cal, zoned.startOf('day'), date);
    days.set(date, intervals);
  }
  return intervals;
}

function buildIntervals(cal: OfficeCalendar, local: DateTime, date: string): Interval[] {
  if (isClosedDay(cal, date)) return [];
  const weekday = WEEKDAYS[local.weekday - 1]!;
  return cal.officeHours[weekday]
    .map((range) => {
      const [s, e] = range.split('-').map(toMinutes) as [number, number];
      return { start: atMinutes(local, s, cal.timezone), end: atMinutes(local, e, cal.timezone) };
    })
    .sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

function atMinutes(day: DateTime, minutes: number, zone: string): DateTime {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
  // fromObject on the local wall clock: luxon resolves the day's own offset (and moves a time that falls
  // in a spring-forward gap to the first valid instant).
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  );
}

export function isOpen(cal: OfficeCalendar, at: Date): boolean {
  const t = DateTime.fromJSDate(at, { zone: cal.timezone });
  return openIntervals(cal, t).some((i) => t >= i.start && t < i.end);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
/** luxon's toISODate() of a local date, for years 100–9999 (the callers check). */
const isoDate = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;

/**
 * nextOpening's answer from the interval cache alone, or undefined when a day it needs is not cached yet or the
 * step to the next day is not plain calendar arithmetic (an offset change: then luxon's own stepping decides).
 * luxon's `plus({ days: 1 })` keeps the wall-clock time and, when the offset at the same instant a day later is
 * unchanged, lands exactly 24 hours later on the next local date; only the local dates are needed here (the
 * cache key), so each step costs one offset look-up (none in a fixed-offset zone) instead of a DateTime.
 */
function cachedNextOpening(cal: OfficeCalendar, t: DateTime): DateTime | undefined {
  const days = intervalCache.get(cal);
  if (!days || t.year < 100 || t.year > 9999) return undefined;
  const ts = t.toMillis();
  const offset = t.offset;
  const fixed = t.zone.isUniversal;
  const localMidnight = Date.UTC(t.year, t.month - 1, t.day);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (i > 0 && !fixed && t.zone.offset(ts + i * DAY_MS) !== offset) return undefined;
    const local = new Date(localMidnight + i * DAY_MS);
    const year = local.getUTCFullYear();
    if (year > 9999) return undefined;
    const intervals = days.get(isoDate(year, local.getUTCMonth() + 1, local.getUTCDate()));
    if (!intervals) return undefined;
    for (const iv of intervals) {
      if (ts < iv.end.toMillis()) return ts >= iv.start.toMillis() ? t : iv.start;
    }
  }
  return undefined;
}

/** The first instant at or after `from` when the office is open (`from` itself when open). */
export function nextOpening(cal: OfficeCalendar, from: Date): DateTime {
  const t = DateTime.fromJSDate(from, { zone: cal.timezone });
  const cached = t.isValid ? cachedNextOpening(cal, t) : undefined;
  if (cached) return cached;
  // Stepping by calendar days from the arrival itself (not from midnight) lands on each following local date.
  let day = t;
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const iv of openIntervals(cal, day)) {
      if (t < iv.end) return t >= iv.start ? t : iv.start;
    }
  }
  throw new Error(`office in ${cal.timezone} does not open within ${MAX_SCAN_DAYS} days`);
}

/**
 * The instant that lies `hours` of open office time after `from` (counting only open intervals).
 * Used for "a thorough answer within 24 business hours".
 */
export function addBusinessHours(cal: OfficeCalendar, from: Date, hours: number): DateTime {
  let remaining = Math.round(hours * 60 * 60 * 1000);
  const t = DateTime.fromJSDate(from).setZone(cal.timezone);
  let day = t.startOf('day');
  for (let i = 0; i < MAX_SCAN_DAYS * 4; i++, day = day.plus({ days: 1 })) {
    for (const iv of openIntervals(cal, day)) {
      if (iv.end <= t) continue;
      const start = iv.start < t ? t : iv.start;
      const span = iv.end.toMillis() - start.toMillis();
      if (remaining <= span) return start.plus({ milliseconds: remaining });
      remaining -= span;
    }
  }
  throw new Error(`cannot add ${hours} business hours in ${cal.timezone}`);
}

/** ISO timestamp with the zone's offset, without milliseconds: `2026-11-23T09:00:00+01:00`. */
export function isoWithOffset(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true })!;
}

/** Local wall-clock time without offset: `2026-11-20T23:14:00`. */
export function localWallTime(cal: OfficeCalendar, at: Date): string {
  const t = DateTime.fromJSDate(at, { zone: cal.timezone });
  // The text of toISO({ suppressMilliseconds: true, includeOffset: false }) with the milliseconds set to 0,
  // without building a second DateTime; luxon formats other years (and invalid dates) itself.
  if (t.isValid && t.year >= 0 && t.year <= 9999)
    return `${isoDate(t.year, t.month, t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
  // toISO without offset is the same text as toFormat("yyyy-MM-dd'T'HH:mm:ss") at a fraction of the cost.
  return t.set({ millisecond: 0 }).toISO({ suppressMilliseconds: true, includeOffset: false })!;
}
