import type { InboxConfig } from '../config/schema.ts';
import type { OfficeCalendar } from '../triage/office-hours.ts';
import type { InvoiceClient } from '../model/invoice-record.ts';

/**
 * The calendar a reminder is timed in: the client's time zone (invoiceninja#11692: company zone ≠ client zone)
 * with the inbox's office hours, and the client's country holidays when known, else the inbox's. A client's
 * country closes on the holiday types the inbox counts (`holidays.types`): whether bank holidays close offices is
 * the agency's reading of the calendar. The inbox's `closed` and `open` days are its own office's, not the client's.
 */
export function clientCalendar(inbox: InboxConfig, client: InvoiceClient): OfficeCalendar {
  return {
    timezone: client.timezone ?? inbox.timezone,
    officeHours: inbox.officeHours,
    holidays: client.country
      ? { country: client.country, types: inbox.holidays.types, closed: [] }
      : inbox.holidays,
  };
}

/** Ladder offsets for one client: its own override, else the inbox's. */
export function ladderSteps(inbox: InboxConfig, client: InvoiceClient): number[] {
  return client.steps ?? inbox.reminders.steps;
}
