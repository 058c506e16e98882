import { WEEKDAYS, type OfficeHours } from '../config/schema.ts';

/**
 * Dates, times and office hours in the client's language, on the inbox's wall clock (tone.md: "in the
 * client's terms"). Everything goes through Intl, so no month or weekday name is spelled by hand.
 */

const LOCALES: Record<string, string> = {
  en: 'en-GB',
  sv: 'sv-SE',
  it: 'it-IT',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
};

export const localeFor = (language: string) => LOCALES[language] ?? 'en-GB';

/** "Monday 23 November, 09:00 CET" in the client's language (the zone name keeps a foreign client oriented). */
export function formatWhen(at: Date, language: string, timeZone: string): string {
  const locale = localeFor(language);
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(at);
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
  return `${day}, ${time}`;
}

/** Weekday names in the client's language, Monday first (2024-01-01 was a Monday). */
function weekdayNames(language: string): string[] {
  const f = new Intl.DateTimeFormat(localeFor(language), { weekday: 'long', timeZone: 'UTC' });
  return WEEKDAYS.map((_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/**
 * "Monday–Friday 09:00–17:00" or "Monday–Thursday 09:00–17:00; Friday 09:00–12:00": consecutive days with
 * the same ranges are grouped. Closed days are left out.
 */
export function formatOfficeHours(hours: OfficeHours, language: string): string {
  const names = weekdayNames(language);
  const groups: Array<{ from: number; to: number; ranges: string }> = [];
  WEEKDAYS.forEach((day, i) => {
    const ranges = hours[day].map((r) => r.replace('-', '–')).join(', ');
    if (!ranges) return;
    const last = groups.at(-1);
    if (last && last.to === i - 1 && last.ranges === ranges) last.to = i;
    else groups.push({ from: i, to: i, ranges });
  });
  return groups
    .map((g) => {
      const days = g.from === g.to ? names[g.from] : `${names[g.from]}–${names[g.to]}`;
      return `${days} ${g.ranges}`;
    })
    .join('; ');
}
