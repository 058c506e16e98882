import { holidaysSchema } from '../config/holidays-schema.ts';
import type { HolidayConfig } from '../config/schema.ts';

/**
 * The holiday fields of the inbox edit form, as submitted, turned into `holidays` settings by the config schema
 * itself (src/config/holidays-schema.ts): a web-managed inbox obeys exactly the rules of a YAML one, and the
 * form can show each problem next to its field instead of only the first one on an error page.
 */

/** What the form sends: text fields, and the ticked holiday types. */
export interface HolidaysFormInput {
  country: string;
  /** Dates, separated by commas, semicolons or spaces. */
  closed: string;
  open: string;
  types: readonly string[];
}

export type HolidaysField = 'country' | 'types' | 'closed' | 'open';

export type HolidaysFormResult =
  { ok: true; holidays: HolidayConfig } | { ok: false; errors: Partial<Record<HolidaysField, string[]>> };

/**
 * A form field of several values separated by commas, semicolons or spaces ("2026-12-24, 2026-12-31",
 * "09:00-12:00; 13:00-17:00") → its values; an empty field → [].
 */
export const fieldList = (v: string): string[] =>
  v
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);

export function parseHolidaysForm(form: HolidaysFormInput): HolidaysFormResult {
  const country = form.country.trim().toUpperCase();
  const raw = {
    ...(country ? { country } : {}),
    types: form.types.filter(Boolean),
    closed: fieldList(form.closed),
    open: fieldList(form.open),
  };
  const parsed = holidaysSchema.safeParse(raw);
  if (parsed.success) return { ok: true, holidays: parsed.data };
  const errors: Partial<Record<HolidaysField, string[]>> = {};
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path as [HolidaysField, number | undefined];
    // Some messages are written to follow a config path ("holidays.closed[1]: is not a YYYY-MM-DD date"); next
    // to a field holding several values, the value itself says which one is meant.
    const value = index === undefined ? raw[field] : (raw[field] as string[] | undefined)?.[index];
    const message = issue.message.startsWith('is ')
      ? `${JSON.stringify(value)} ${issue.message}`
      : issue.message;
    (errors[field] ??= []).push(message);
  }
  return { ok: false, errors };
}
