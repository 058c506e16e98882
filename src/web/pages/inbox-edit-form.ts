import {
  DEFAULT_CLOSING_HOLIDAY_TYPES,
  HOLIDAY_TYPES,
  type HolidayType,
} from '../../config/holidays-schema.ts';
import { WEEKDAYS, type InboxConfig } from '../../config/schema.ts';
import type { InboxEdit } from '../../inboxes/inbox-service.ts';
import { fieldList } from '../../inboxes/holidays-form.ts';

/**
 * The inbox edit form's values both ways: filled in from the running config, or read back from a submitted
 * form so a refused save shows exactly what the admin typed and ticked.
 */

export type FormBody = Record<string, string | string[] | undefined>;
/** A form field's value: the first when it was sent more than once. */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export interface InboxFormValues {
  timezone: string;
  language: string;
  /** Per weekday, "09:00-12:00, 13:00-17:00". */
  officeHours: Record<string, string>;
  country: string;
  closed: string;
  open: string;
  types: string[];
  autoSend: Record<string, boolean>;
}

export function formValuesOf(inbox: InboxConfig): InboxFormValues {
  return {
    timezone: inbox.timezone,
    language: inbox.language,
    officeHours: Object.fromEntries(WEEKDAYS.map((d) => [d, inbox.officeHours[d].join(', ')])),
    country: inbox.holidays.country ?? '',
    closed: inbox.holidays.closed.join(', '),
    open: inbox.holidays.open.join(', '),
    types: [...inbox.holidays.types],
    autoSend: inbox.autoSend,
  };
}

export function formValuesFrom(body: FormBody): InboxFormValues {
  return {
    timezone: one(body.timezone).trim(),
    language: one(body.language).trim(),
    officeHours: Object.fromEntries(WEEKDAYS.map((d) => [d, one(body[`hours_${d}`])])),
    country: one(body.country),
    closed: one(body.closed),
    open: one(body.open),
    // The form sends an empty `types` before the checkboxes, so none ticked means "no holiday closes the
    // office"; a form without the field at all (a page loaded before it existed) gets the default, as in YAML.
    types:
      body.types === undefined ? [...DEFAULT_CLOSING_HOLIDAY_TYPES] : [body.types].flat().filter(Boolean),
    autoSend: {
      'after-hours': one(body.autoSend_afterHours) === 'on',
      angry: one(body.autoSend_angry) === 'on',
      'payment-reminder': one(body.autoSend_payment) === 'on',
    },
  };
}

/** Everything but the holidays, which parseHolidaysForm (src/inboxes/holidays-form.ts) turns into settings. */
export function editOf(v: InboxFormValues): Omit<InboxEdit, 'holidays'> {
  return {
    timezone: v.timezone || undefined,
    language: v.language || undefined,
    officeHours: Object.fromEntries(WEEKDAYS.map((d) => [d, fieldList(v.officeHours[d] ?? '')])),
    autoSend: v.autoSend,
  };
}

/** Plain words for date-holidays' types (its own meanings, with days it files under them). */
const HOLIDAY_TYPE_LABELS: Readonly<Record<HolidayType, string>> = {
  public: 'Public holidays',
  bank: "Bank holidays (e.g. Christmas Eve, Midsummer Eve, New Year's Eve in Sweden)",
  school: 'School holidays (schools close, e.g. Buß- und Bettag in Bavaria)',
  optional:
    'Optional holidays (many take the day off, e.g. Walpurgis Night in Sweden, Christmas Eve in the US)',
  observance: "Observances (no day off, e.g. Mother's Day)",
};

/** The checkboxes, in date-holidays' order of how widely a type closes offices. */
export const holidayTypeChoices = HOLIDAY_TYPES.map((t) => ({ value: t, label: HOLIDAY_TYPE_LABELS[t] }));
