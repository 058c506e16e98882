import { DateTime } from 'luxon';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { inboxesInScope } from '../../access/inbox-access.ts';
import type { ReportQuery } from '../../commitments/report-service.ts';
import type { ReportRow } from '../../commitments/report.ts';
import { businessHoursWords } from './client-view.ts';
import { fmt, inboxZone } from './render.ts';

/**
 * The response report page's form and rows (issue 13, item 6). The form speaks in calendar days on the inbox's
 * clock (from Monday 30 March to Sunday 5 April, both included); the report service takes instants, so a day
 * starts at midnight in the zone of the inbox asked for (else the lead's first inbox). The figures themselves are
 * the service's; this only words them.
 */
export interface ReportForm {
  inbox?: string;
  by?: string;
  client?: string;
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WEEKS = 12;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The form as the page shows it (defaults filled in) and the query for the report service. */
export function reportQueryOf(ctx: AppContext, p: Principal, form: ReportForm) {
  const inbox = text(form.inbox);
  const visible = inboxesInScope(ctx.config, p, inbox);
  const zone = inboxZone(ctx.config, visible[0] ?? '');
  const today = DateTime.fromJSDate(ctx.clock.now()).setZone(zone).startOf('day');
  const day = (v: string | undefined, field: string, fallback: DateTime) => {
    if (v === undefined) return fallback;
    const d = DAY.test(v) ? DateTime.fromISO(v, { zone }) : null;
    if (!d?.isValid) throw new SafeError('bad_request', `${field} must be a date like 2026-03-30`, 400);
    return d;
  };
  const from = day(text(form.from), 'from', today.startOf('week').minus({ weeks: WEEKS - 1 }));
  const to = day(text(form.to), 'to', today);
  const byText = text(form.by);
  if (byText !== undefined && byText !== 'inbox' && byText !== 'client')
    throw new SafeError('bad_request', 'by must be inbox or client', 400);
  const client = text(form.client)?.toLowerCase();
  const by = (byText ?? (client ? 'client' : 'inbox')) as 'inbox' | 'client';
  const query: ReportQuery = {
    inbox,
    by,
    client,
    from: from.toISO()!,
    to: to.plus({ days: 1 }).toISO()!,
  };
  const shown = {
    inbox: inbox ?? '',
    by,
    client: client ?? '',
    from: from.toISODate()!,
    to: to.toISODate()!,
  };
  return { query, shown, zone };
}

/** The same choices as a query string, for the CSV link and the API. */
export const queryString = (shown: Record<string, string>) =>
  new URLSearchParams(Object.entries(shown).filter(([, v]) => v !== '')).toString();

/** "2026-W14" → "30 Mar – 5 Apr". */
export function weekDays(week: string): string {
  const monday = DateTime.fromISO(week, { zone: 'UTC' });
  if (!monday.isValid) return '';
  return `${monday.toFormat('d LLL')} – ${monday.plus({ days: 6 }).toFormat('d LLL')}`;
}

export function reportRowView(ctx: AppContext, r: ReportRow) {
  const zone = inboxZone(ctx.config, r.inbox);
  return {
    ...r,
    days: weekDays(r.week),
    keptText: r.keptPercent === null ? '—' : `${r.keptPercent} %`,
    median: businessHoursWords(r.medianFirstResponseHours),
    p90: businessHoursWords(r.p90FirstResponseHours),
    breachList: r.breaches.map((b) => ({
      ...b,
      subject: b.subject || '(no subject)',
      due: fmt.when(b.dueAt, zone),
      answered: b.answeredAt ? `answered ${fmt.when(b.answeredAt, zone)}` : 'still waiting',
    })),
  };
}

/** The CSV file's name: `response-report_2026-03-30_2026-04-05.csv` (and the client when one was chosen). */
export function csvFileName(shown: { from: string; to: string; client: string; inbox: string }): string {
  const part = (s: string) => s.replace(/[^A-Za-z0-9.@_-]+/g, '-');
  return (
    [
      'response-report',
      shown.inbox && part(shown.inbox),
      shown.client && part(shown.client),
      shown.from,
      shown.to,
    ]
      .filter(Boolean)
      .join('_') + '.csv'
  );
}
