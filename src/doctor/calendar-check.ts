import type { Clock } from '../clock.ts';
import type { InboxConfig } from '../config/schema.ts';
import { isOpen, localWallTime } from '../triage/office-hours.ts';
import { isKnownHolidayCountry } from '../triage/closing-holidays.ts';
import type { CheckResult } from './check.ts';

/**
 * The config schema already rejects unknown IANA zones; this shows the operator the local time Tactful sees
 * (a wrong zone is obvious at a glance) and checks the holiday country against date-holidays.
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
      detail: 'no country set: public holidays count as working days',
      fix: `set inboxes[${index}].holidays.country, e.g. SE or DE-BY`,
    });
  } else if (isKnownHolidayCountry(country)) {
    results.push({ status: 'pass', what: `holidays ${inbox.id}`, detail: `${country} is known` });
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
