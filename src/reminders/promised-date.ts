import { DateTime } from 'luxon';
import {
  DAY_UNITS,
  MONTHS,
  NEXT_AFTER,
  NEXT_BEFORE,
  NUMBER_WORDS,
  RELATIVE,
  WEEK_UNITS,
  WEEKDAYS,
  WITHIN,
} from './promised-date-words.ts';

/**
 * The date a client promises to pay by, from the new text of their message: "by Friday", "on 15 December",
 * "15.12.", "end of the month", "next week", "fin de mois", "entro venerdì", "bis Ende Monat", "nästa vecka".
 * Pure. Relative words are read against the day the message arrived, in the client's (or the inbox's) zone.
 *
 * Only sentences about paying are read (and the one after each: "We will transfer it. It will be done by
 * Friday."), so a meeting date or the invoice's own dates elsewhere do not count. Of several dates the latest
 * wins: "half on the 1st, the rest on the 15th" pauses until the whole amount is due. Dates before the arrival
 * day or more than a year ahead are no promise (a typo, or "we paid on 3 March"). Null when none is found: the
 * ladder then waits for a lead, which is the safe side.
 */
export interface PromiseContext {
  arrivedAt: Date;
  /** IANA zone the client lives in (the invoice's client zone, else the inbox's). */
  timezone: string;
  /** Strings to ignore (the invoice number "2026-12-01" is no date). */
  ignore?: string[];
}

const L = '(?<![\\p{L}\\p{N}])'; // word start (JavaScript's \b knows only ASCII letters)
const R = '(?![\\p{L}\\p{N}])'; // word end
const alt = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .join('|')
    .replace(/\./g, '\\.');
const re = (source: string) => new RegExp(source, 'giu');

const MONTH_OF = new Map(Object.entries(MONTHS).flatMap(([n, names]) => names.map((w) => [w, Number(n)])));
const WEEKDAY_OF = new Map(
  Object.entries(WEEKDAYS).flatMap(([n, names]) => names.map((w) => [w, Number(n)])),
);
const MONTH = `(${alt([...MONTH_OF.keys()])})\\.?`;
const YEAR = '(?:,?\\s*(?:de\\s+)?(\\d{4}))?';
const COUNT = `(\\d{1,2}|${alt(Object.keys(NUMBER_WORDS))})`;

/** Words about paying: the sentences worth reading (six languages, stems). */
const PAYMENT =
  /pa[iy]|pag[aoh]|transfer|wire|settle|invoice|bill\b|betal|överf|swish|faktur|bonific|sald|fattur|zahl|überw|begleich|rechnung|règl|régl|virement|factur|abon|ingreso/iu;

type Found = { date: DateTime; from: number; to: number };
type Read = (m: RegExpExecArray, today: DateTime) => DateTime | null;

const dayOf = (today: DateTime, y: number, m: number, d: number) => {
  const dt = DateTime.fromObject({ year: y, month: m, day: d }, { zone: today.zone });
  return dt.isValid ? dt : null;
};
/**
 * A day and month without a year: its next occurrence on or after today, if within three months ("5 January"
 * written in December is next year; "3 March" written in November is a day that has passed, not a promise).
 */
function nextOccurrence(today: DateTime, month: number, day: number): DateTime | null {
  for (const year of [today.year, today.year + 1]) {
    const dt = dayOf(today, year, month, day);
    if (dt && dt >= today) return dt.diff(today, 'days').days <= 92 ? dt : null;
  }
  return null;
}
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
const count = (w: string) => (/^\d+$/.test(w) ? Number(w) : (NUMBER_WORDS[w] ?? NaN));
const friday = (weekStart: DateTime) => weekStart.startOf('week').plus({ days: 4 });

/** Matchers, most specific first: a span one of them claimed is not read again by a later one. */
const MATCHERS: Array<[RegExp, Read]> = [
  // 2026-12-15
  [re(`${L}(\\d{4})-(\\d{2})-(\\d{2})${R}`), (m, t) => dayOf(t, +m[1]!, +m[2]!, +m[3]!)],
  // 15 December 2026, 15. Dezember, 15 de diciembre de 2026, den 15:e december, 1er décembre
  [
    re(`${L}(\\d{1,2})(?:st|nd|rd|th|er|:e|:a|\\.|º|°)?\\s*(?:of\\s+|de\\s+)?${MONTH}${YEAR}${R}`),
    (m, t) => {
      const month = MONTH_OF.get(m[2]!)!;
      return m[3] ? dayOf(t, +m[3], month, +m[1]!) : nextOccurrence(t, month, +m[1]!);
    },
  ],
  // December 15, December 15th, 2026
  [
    re(`${L}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?${YEAR}${R}`),
    (m, t) => {
      const month = MONTH_OF.get(m[1]!)!;
      return m[3] ? dayOf(t, +m[3], month, +m[2]!) : nextOccurrence(t, month, +m[2]!);
    },
  ],
  // 15.12.2026, 15.12., 15/12, 15/12/26; "3.12" alone is too often an amount, so a dotted date needs its
  // final dot, a year, or a word like "on"/"bis"/"le" before it. 12/15 (month first) only when it cannot be D/M.
  [
    re(
      `(?:${L}(on|by|until|till|den|senast|am|bis|zum|le|au|il|entro|el|hasta|per)\\s+)?${L}(\\d{1,2})([./])(\\d{1,2})(?:\\3(\\d{4}|\\d{2}))?(\\.)?(?![\\p{N}]|[.,/]\\p{N})(?!\\s*(?:€|eur|kr|sek|usd|chf|\\$|£|%))`,
    ),
    (m, t) => {
      const [, before, d, sep, mo, y, dot] = m;
      if (sep === '.' && !y && !dot && !before) return null;
      let [day, month] = [+d!, +mo!];
      if (sep === '/' && month > 12 && day <= 12) [day, month] = [month, day];
      return y ? dayOf(t, fullYear(y), month, day) : nextOccurrence(t, month, day);
    },
  ],
  [re(`${L}(?:${alt(RELATIVE.dayAfterTomorrow)})${R}`), (_m, t) => t.plus({ days: 2 })],
  [re(`${L}(?:${RELATIVE.tomorrow.join('|')})${R}`), (_m, t) => t.plus({ days: 1 })],
  [re(`${L}(?:${alt(RELATIVE.today)})${R}`), (_m, t) => t],
  [re(`${L}(?:${alt(RELATIVE.endOfNextWeek)})${R}`), (_m, t) => friday(t.plus({ weeks: 1 }))],
  [re(`${L}(?:${alt(RELATIVE.nextWeek)})${R}`), (_m, t) => friday(t.plus({ weeks: 1 }))],
  [re(`${L}(?:${alt(RELATIVE.thisWeek)})${R}`), (_m, t) => DateTime.max(t, friday(t))],
  [re(`${L}(?:${alt(RELATIVE.startOfNextMonth)})${R}`), (_m, t) => t.plus({ months: 1 }).set({ day: 7 })],
  [
    re(`${L}(?:${alt(RELATIVE.endOfNextMonth)})${R}`),
    (_m, t) => t.plus({ months: 1 }).endOf('month').startOf('day'),
  ],
  [
    re(`${L}(?:${alt(RELATIVE.nextMonth)})${R}`),
    (_m, t) => t.plus({ months: 1 }).endOf('month').startOf('day'),
  ],
  [re(`${L}(?:${RELATIVE.endOfMonth.join('|')})${R}`), (_m, t) => t.endOf('month').startOf('day')],
  // in 10 days, within two weeks, om två veckor, tra due settimane, in zwei Wochen, sous 10 jours, en dos semanas
  [
    re(
      `${L}(?:${alt(WITHIN)})\\s+(?:(?:the\\s+)?next\\s+|the\\s+|loppet av\\s+)?${COUNT}\\s+(${alt([...DAY_UNITS, ...WEEK_UNITS])})${R}`,
    ),
    (m, t) => {
      const n = count(m[1]!);
      if (!Number.isFinite(n) || n < 1 || n > 60) return null;
      return t.plus({ days: WEEK_UNITS.includes(m[2]!) ? n * 7 : n });
    },
  ],
  // (next) Friday, nästa fredag, venerdì prossimo, nächsten Freitag, vendredi prochain, el viernes que viene
  [
    re(`${L}(?:(${alt(NEXT_BEFORE)})\\s+)?(${alt([...WEEKDAY_OF.keys()])})(?:\\s+(${alt(NEXT_AFTER)}))?${R}`),
    (m, t) => {
      const ahead = (WEEKDAY_OF.get(m[2]!)! - t.weekday + 7) % 7 || 7;
      // "next Friday" said on a Monday is read as the Friday of next week: the later reading, so that the
      // ladder never nags before the day the client may have meant.
      const next = Boolean(m[1] || m[3]) && t.weekday + ahead <= 7;
      return t.plus({ days: ahead + (next ? 7 : 0) });
    },
  ],
  // the 15th, den 15:e, am 15., le 15, il 15, el (día) 15: the next such day of a month
  [
    re(
      `${L}(?:the\\s+(\\d{1,2})(?:st|nd|rd|th)|den\\s+(\\d{1,2}):?[ea]|(?:am|zum|bis zum)\\s+(\\d{1,2})\\.|(?:le|il|entro il|per il|el|el día|el dia)\\s+(\\d{1,2})(?:er)?)(?![\\p{L}\\p{N}]|[.,/:]\\p{N}|\\s*(?:€|%|h\\b|heures?|jours?|giorni|días?|uhr|kr))`,
    ),
    (m, t) => {
      const day = +(m[1] ?? m[2] ?? m[3] ?? m[4])!;
      if (day < 1 || day > 31) return null;
      const here = day >= t.day ? dayOf(t, t.year, t.month, day) : null;
      const next = t.plus({ months: 1 });
      return here ?? dayOf(t, next.year, next.month, day);
    },
  ],
];

/** Sentences about paying, and the sentence right after each. */
function paymentSentences(text: string): string {
  // A dot after a digit ends no sentence: "15. Dezember", "15.12. zahlen wir".
  const sentences = text.split(/(?<=[!?])\s+|(?<=[^\d\s]\.)\s+|\n+/);
  return sentences.filter((s, i) => PAYMENT.test(s) || (i > 0 && PAYMENT.test(sentences[i - 1]!))).join('\n');
}

export function extractPromisedDate(text: string, ctx: PromiseContext): string | null {
  const today = DateTime.fromJSDate(ctx.arrivedAt, { zone: ctx.timezone }).startOf('day');
  if (!today.isValid) return null;
  let t = text.normalize('NFC').toLowerCase().replace(/’/g, "'").slice(0, 20_000);
  for (const s of ctx.ignore ?? []) if (s) t = t.split(s.toLowerCase()).join(' '.repeat(s.length));
  const body = paymentSentences(t);
  const taken: Array<[number, number]> = [];
  const found: Found[] = [];
  for (const [pattern, read] of MATCHERS) {
    for (const m of body.matchAll(pattern)) {
      const from = m.index;
      const to = from + m[0].length;
      if (taken.some(([a, b]) => from < b && to > a)) continue;
      taken.push([from, to]);
      const date = read(m, today);
      if (date) found.push({ date, from, to });
    }
  }
  const horizon = today.plus({ days: 366 });
  const dates = found.map((f) => f.date.startOf('day')).filter((d) => d >= today && d <= horizon);
  return dates.length ? DateTime.max(...dates)!.toISODate() : null;
}
