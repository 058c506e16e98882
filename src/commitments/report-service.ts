import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import { inboxesInScope } from '../access/inbox-access.ts';
import { reportCsv, responseReport, type ReportRow } from './report.ts';

export interface ReportQuery {
  /** One inbox (404 when not visible); default every inbox the principal may see. */
  inbox?: string;
  /** By inbox (default) or by inbox and client. */
  by?: 'inbox' | 'client';
  /** Only this client (an address) or company (a domain, `client.test`); the rows are then by client. */
  client?: string;
  /**
   * ISO dates or timestamps: commitments opened in [from, to). Default: the last 12 weeks up to now. A date or a
   * timestamp without an offset is on the clock of the inbox asked for (else the first inbox in scope), as the
   * report page's days are: `from=2026-03-30` is midnight in Stockholm for a Stockholm inbox, not in UTC.
   */
  from?: string;
  to?: string;
}

const WEEKS = 12;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;

/** Which commitments `client` selects: one address, or everyone at a domain. */
function clientFilter(client: string | undefined): ((address: string) => boolean) | null {
  if (client === undefined) return null;
  const c = client.trim().toLowerCase();
  if (ADDRESS.test(c)) return (a) => a.toLowerCase() === c;
  if (DOMAIN.test(c)) return (a) => a.toLowerCase().endsWith(`@${c}`);
  throw new SafeError('bad_request', 'client must be an email address or a domain like client.test', 400);
}

function instant(s: string | undefined, field: string, fallback: number, zone: string): number {
  if (s === undefined) return fallback;
  const t = /^\d{4}-\d{2}-\d{2}/.test(s) ? DateTime.fromISO(s, { zone }) : null;
  if (!t?.isValid)
    throw new SafeError('bad_request', `${field} must be an ISO date or timestamp like 2026-03-30`, 400);
  return t.toMillis();
}

/** The response report over the principal's inboxes (what `GET /api/reports/response` serves). */
export async function responseReportFor(
  ctx: AppContext,
  principal: Principal,
  q: ReportQuery = {},
): Promise<{ from: string; to: string; by: 'inbox' | 'client'; rows: ReportRow[] }> {
  const inboxes = inboxesInScope(ctx.config, principal, q.inbox);
  const now = ctx.clock.now();
  const zones = new Map(ctx.config.inboxes.map((i) => [i.id, i.timezone]));
  const zone = zones.get(inboxes[0] ?? '') ?? 'UTC';
  const to = instant(q.to, 'to', now.getTime(), zone);
  const from = instant(q.from, 'from', to - WEEKS * 7 * 86_400_000, zone);
  if (from >= to) throw new SafeError('bad_request', 'from must be before to', 400);
  const only = clientFilter(q.client);
  const by = q.by ?? (only ? 'client' : 'inbox');
  if (by !== 'inbox' && by !== 'client')
    throw new SafeError('bad_request', 'by must be inbox or client', 400);
  const commitments = (
    await Promise.all(inboxes.map((i) => ctx.stores.commitments.openedBetween(i, from, to - 1)))
  )
    .flat()
    .filter((c) => !only || only(c.client.address));
  const rows = responseReport(commitments, { by, now, zoneOf: (i) => zones.get(i) ?? 'UTC' });
  const iso = (t: number) => DateTime.fromMillis(t, { zone }).toISO()!;
  return { from: iso(from), to: iso(to), by, rows };
}

export async function responseReportCsv(
  ctx: AppContext,
  principal: Principal,
  q: ReportQuery = {},
): Promise<string> {
  return reportCsv((await responseReportFor(ctx, principal, q)).rows);
}
