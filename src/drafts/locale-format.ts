import { WEEKDAYS, type OfficeHours } from '../config/schema.ts';

/**
 * Dates, times and office hours in the client's language, on the inbox's wall clock (docs/tone-rules.md: "in the
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

/** "; " between listed parts; French puts a narrow no-break space before the semicolon ("Stockholm ; 11:00"). */
const listSeparator = (language: string) => (language === 'fr' ? '\u202f; ' : '; ');

/**
 * The city an IANA zone is named after, as the client's language writes it ("Europe/Rome" → "Roma" in
 * Italian, "Rom" in German). Only names that differ from the English one are listed; others stay as they are.
 */
const CITY_NAMES: Record<string, Record<string, string>> = {
  Rome: { sv: 'Rom', de: 'Rom', it: 'Roma', es: 'Roma' },
  Vienna: { sv: 'Wien', de: 'Wien', it: 'Vienna', fr: 'Vienne', es: 'Viena' },
  Copenhagen: { sv: 'Köpenhamn', de: 'Kopenhagen', it: 'Copenaghen', fr: 'Copenhague', es: 'Copenhague' },
  Stockholm: { it: 'Stoccolma', es: 'Estocolmo' },
  Brussels: { sv: 'Bryssel', de: 'Brüssel', it: 'Bruxelles', fr: 'Bruxelles', es: 'Bruselas' },
  Lisbon: { sv: 'Lissabon', de: 'Lissabon', it: 'Lisbona', fr: 'Lisbonne', es: 'Lisboa' },
  London: { it: 'Londra', fr: 'Londres', es: 'Londres' },
  Zurich: { sv: 'Zürich', de: 'Zürich', it: 'Zurigo', es: 'Zúrich' },
  Prague: { sv: 'Prag', de: 'Prag', it: 'Praga', es: 'Praga' },
  Warsaw: { sv: 'Warszawa', de: 'Warschau', it: 'Varsavia', fr: 'Varsovie', es: 'Varsovia' },
  Athens: { sv: 'Aten', de: 'Athen', it: 'Atene', fr: 'Athènes', es: 'Atenas' },
  Helsinki: { sv: 'Helsingfors' },
  Berlin: { it: 'Berlino', es: 'Berlín' },
  Paris: { it: 'Parigi', es: 'París' },
  Amsterdam: { es: 'Ámsterdam' },
  New_York: { it: 'New York', es: 'Nueva York' },
  Mexico_City: {
    sv: 'Mexico City',
    de: 'Mexiko-Stadt',
    it: 'Città del Messico',
    fr: 'Mexico',
    es: 'Ciudad de México',
  },
};

export function zoneCity(timeZone: string, language: string): string {
  const raw = timeZone.split('/').pop() ?? timeZone;
  return CITY_NAMES[raw]?.[language] ?? raw.replace(/_/g, ' ');
}

/**
 * How each language names a time and its zone — one way per language (docs/tone-rules.md): "09:00 (Stockholm time)",
 * never "CET" here and "UTC+1" there. `yours` adds the same instant on the client's own clock when it differs.
 */
const ZONE_PHRASE: Record<
  string,
  {
    at: (day: string, time: string) => string;
    zone: (city: string) => string;
    yours: (time: string) => string;
  }
> = {
  en: { at: (d, t) => `${d}, ${t}`, zone: (c) => `${c} time`, yours: (t) => `${t} your time` },
  sv: { at: (d, t) => `${d} kl. ${t}`, zone: (c) => `tid i ${c}`, yours: (t) => `kl. ${t} hos dig` },
  de: { at: (d, t) => `${d}, ${t} Uhr`, zone: (c) => `Ortszeit ${c}`, yours: (t) => `${t} Uhr bei Ihnen` },
  it: { at: (d, t) => `${d}, ore ${t}`, zone: (c) => `ora di ${c}`, yours: (t) => `ore ${t} da Lei` },
  fr: { at: (d, t) => `${d} à ${t}`, zone: (c) => `heure de ${c}`, yours: (t) => `${t} chez vous` },
  es: {
    at: (d, t) => `${d}, a las ${t}`,
    zone: (c) => `hora de ${c}`,
    yours: (t) => `${t} en su zona horaria`,
  },
};

const timeOfDay = (at: Date, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    at,
  );

/** Minutes east of UTC of a zone at an instant. */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(part ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/**
 * "Monday 23 November, 09:00 (Stockholm time)" in the client's language, on the inbox's clock, and — when the
 * client's own clock (the offset of their Date header) differs — the same instant in their time as well:
 * "…, 17:00 (Stockholm time; 11:00 your time)".
 */
export function formatWhen(
  at: Date,
  language: string,
  timeZone: string,
  clientOffsetMinutes?: number | null,
): string {
  const locale = localeFor(language);
  const phrase = ZONE_PHRASE[language] ?? ZONE_PHRASE.en!;
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(at);
  const zone = [phrase.zone(zoneCity(timeZone, language))];
  if (clientOffsetMinutes != null && clientOffsetMinutes !== zoneOffsetMinutes(at, timeZone)) {
    // Node's Intl knows no fixed-offset zones: shift the instant and read it on the UTC clock.
    const shifted = new Date(at.getTime() + clientOffsetMinutes * 60_000);
    zone.push(phrase.yours(timeOfDay(shifted, locale, 'UTC')));
  }
  return `${phrase.at(day, timeOfDay(at, locale, timeZone))} (${zone.join(listSeparator(language))})`;
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
    .join(listSeparator(language));
}
