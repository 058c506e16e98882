import type { Clock } from '../clock.ts';
import type { InboxConfig } from '../config/schema.ts';
import { isOpen, localWallTime } from '../triage/office-hours.ts';
import { closingHolidays, isClosingHoliday, isKnownHolidayCountry } from '../triage/closing-holidays.ts';
import type { CheckResult } from './check.ts';

/**
 * The config schema already rejects unknown IANA zones; this shows the operator the local time Tactful sees
 * (a wrong zone is obvious at a glance), checks the holiday country against date-holidays and names the next
 * holiday that closes the office, so which types count (`holidays.types`) is visible before a client meets it.
 */
export function checkCalendar(inbox: InboxConfig, index: number, clock: Clock): CheckResult[] {
  const now = clock.now();
  const open = isOpen(inbox, now);
  const results: CheckResult[] = [
    {
      status: 'pass',
      what: `time zone ${inbox.id}`,
      detail: `${inbox.timezone}, local time ${localWallTime(inbox, now)}, office ${open ? 'open' : 'closed'} now`,
    },
  ];
  const country = inbox.holidays.country;
  if (country === undefined) {
    results.push({
      status: 'warn',
      what: `holidays ${inbox.id}`,
      detail: 'no country set: holidays count as working days (only the closed days listed close the office)',
      fix: `set inboxes[${index}].holidays.country, e.g. SE or DE-BY`,
    });
  } else if (isKnownHolidayCountry(country)) {
    const today = localWallTime(inbox, now).slice(0, 10);
    results.push({
      status: 'pass',
      what: `holidays ${inbox.id}`,
      detail: `${country} is known; ${closes(inbox, country, today)}`,
    });
    results.push(...uselessOpenDays(inbox, country, index));
  } else {
    results.push({
      status: 'fail',
      what: `holidays ${inbox.id}`,
      detail: `"${country}" is not a country (or state) date-holidays knows`,
      fix: `use an ISO 3166 code in inboxes[${index}].holidays.country, e.g. SE, DE or DE-BY`,
    });
  }
  return results;
}

/** "closed on public and bank holidays, next 2026-12-24 julafton (bank)". */
function closes(inbox: InboxConfig, country: string, today: string): string {
  const { types, open } = inbox.holidays;
  if (types.length === 0) return 'holidays.types is empty: no holiday closes the office';
  const year = Number(today.slice(0, 4));
  const next = [year, year + 1]
    .flatMap((y) => closingHolidays(country, y, types))
    .find((h) => h.date >= today && !open.includes(h.date));
  const which = `closed on ${listed(types, 'and')} holidays`;
  return next ? `${which}, next ${next.date} ${next.name} (${next.type})` : which;
}

/** `open` days on which no closing holiday falls: the operator meant some other day, or another type. */
function uselessOpenDays(inbox: InboxConfig, country: string, index: number): CheckResult[] {
  const { types, open } = inbox.holidays;
  const useless = open.filter((d) => !isClosingHoliday(country, d, types));
  if (useless.length === 0) return [];
  return [
    {
      status: 'warn',
      what: `holidays.open ${inbox.id}`,
      detail: `${useless.join(', ')}: no ${listed(types, 'or')} holiday of ${country} falls on ${useless.length > 1 ? 'them' : 'it'}, so listing ${useless.length > 1 ? 'them' : 'it'} changes nothing`,
      fix: `check the dates in inboxes[${index}].holidays.open, or add the holiday's type to holidays.types`,
    },
  ];
}

/** "public, bank and school". */
function listed(words: readonly string[], conjunction: 'and' | 'or'): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)!}`;
}
