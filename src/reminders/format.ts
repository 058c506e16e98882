import { DateTime } from 'luxon';
import type { Language } from '../model/languages.ts';
// The business locale per reply language (digit grouping, currency placement, month names): one table for all.
import { localeFor } from '../drafts/locale-format.ts';

/** `12 500,00 kr`, `€1,250.00`: Intl in the client's locale and the invoice's currency. */
export function formatAmount(amount: number, currency: string, language: Language): string {
  return new Intl.NumberFormat(localeFor(language), { style: 'currency', currency }).format(amount);
}

/** A local calendar date written out: `1 June 2026`, `1 juni 2026`, `1. Juni 2026`. */
export function formatDate(isoDate: string, language: Language): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' })
    .setLocale(localeFor(language))
    .toLocaleString(DateTime.DATE_FULL);
}

/**
 * The subject shared by every reminder of an invoice: the invoice email's subject (or the template's), with
 * reply prefixes stripped and exactly one `Re: ` when there is a thread to reply in (RFC 5322 §3.6.5; Gmail
 * only threads messages whose subjects match).
 */
export function reminderSubject(base: string, threaded: boolean): string {
  let s = base.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/^\s*(re|sv|aw|fw|fwd|vs|r|rif|antw)\s*(\[\d+\])?\s*:\s*/i, '').trim();
  }
  return threaded ? `Re: ${s}` : s;
}
