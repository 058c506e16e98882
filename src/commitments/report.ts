import { DateTime } from 'luxon';
import type { CommitmentRecord } from '../model/commitment-record.ts';

/**
 * The response report (issue 13, item 6), pure: commitments grouped by inbox (and client, when asked) and ISO
 * week of their opening on the inbox's clock.
 *
 * How each commitment counts:
 * - kept → kept; answered late, breached, or open past its reply-by time → breached (listed);
 * - closed by a lead (no answer needed) and open before its reply-by time → not counted (nothing to judge yet);
 * - first-response time: business hours from arrival to the agency's first answer, for those answered (kept or
 *   late); median = the middle value (the mean of the two middle ones for an even count); 90th percentile =
 *   nearest rank (the value at position ⌈0.9·n⌉ in ascending order), so it is always a time that happened.
 * Kept % = kept / (kept + breached), one decimal; null when nothing was decided.
 */

export interface ReportBreach {
  id: string;
  client: string;
  subject: string;
  dueAt: string;
  /** When the late answer came; null while the client still waits. */
  answeredAt: string | null;
}

export interface ReportRow {
  inbox: string;
  /** The client's address (grouped by client), or null (the whole inbox). */
  client: string | null;
  /** ISO week, e.g. `2026-W14`. */
  week: string;
  kept: number;
  breached: number;
  keptPercent: number | null;
  medianFirstResponseHours: number | null;
  p90FirstResponseHours: number | null;
  breaches: ReportBreach[];
}

export interface ReportOptions {
  by: 'inbox' | 'client';
  now: Date;
  /** The time zone of each inbox (its calendar): weeks are the inbox's weeks. */
  zoneOf(inbox: string): string;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentileNearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

type Verdict = 'kept' | 'breached' | null;
function verdict(c: CommitmentRecord, now: Date): Verdict {
  if (c.status === 'kept') return 'kept';
  if (c.status === 'answered-late' || c.status === 'breached') return 'breached';
  if (c.status === 'open' && Date.parse(c.dueAt) <= now.getTime()) return 'breached';
  return null;
}

export function isoWeek(iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { zone });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

export function responseReport(commitments: CommitmentRecord[], o: ReportOptions): ReportRow[] {
  const groups = new Map<
    string,
    { inbox: string; client: string | null; week: string; items: CommitmentRecord[] }
  >();
  for (const c of commitments) {
    const week = isoWeek(c.openedAt, o.zoneOf(c.inbox));
    const client = o.by === 'client' ? c.client.address.toLowerCase() : null;
    const key = `${c.inbox}\0${client ?? ''}\0${week}`;
    const g = groups.get(key) ?? { inbox: c.inbox, client, week, items: [] };
    g.items.push(c);
    groups.set(key, g);
  }
  const rows: ReportRow[] = [];
  for (const g of groups.values()) {
    const judged = g.items.map((c) => ({ c, v: verdict(c, o.now) })).filter((x) => x.v !== null);
    if (judged.length === 0) continue;
    const kept = judged.filter((x) => x.v === 'kept').length;
    const breachedItems = judged.filter((x) => x.v === 'breached').map((x) => x.c);
    const times = judged.map((x) => x.c.firstResponseBusinessHours).filter((h): h is number => h !== null);
    rows.push({
      inbox: g.inbox,
      client: g.client,
      week: g.week,
      kept,
      breached: breachedItems.length,
      keptPercent: Math.round((kept / judged.length) * 1000) / 10,
      medianFirstResponseHours: round2(median(times)),
      p90FirstResponseHours: round2(percentileNearestRank(times, 90)),
      breaches: breachedItems.map((c) => ({
        id: c.id,
        client: c.client.address,
        subject: c.subject,
        dueAt: c.dueAt,
        answeredAt: c.answeredAt,
      })),
    });
  }
  return rows.sort(
    (a, b) =>
      a.inbox.localeCompare(b.inbox) ||
      a.week.localeCompare(b.week) ||
      (a.client ?? '').localeCompare(b.client ?? ''),
  );
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const REPORT_CSV_HEADER = [
  'inbox',
  'client',
  'week',
  'kept',
  'breached',
  'kept_percent',
  'median_first_response_business_hours',
  'p90_first_response_business_hours',
  'breached_commitments',
];

/** The report as CSV (one line per row; the breaches as `id` list separated by spaces). CRLF line ends. */
export function reportCsv(rows: ReportRow[]): string {
  const lines = [REPORT_CSV_HEADER.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.inbox,
        r.client,
        r.week,
        r.kept,
        r.breached,
        r.keptPercent,
        r.medianFirstResponseHours,
        r.p90FirstResponseHours,
        r.breaches.map((b) => b.id).join(' '),
      ]
        .map(csvField)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}
