import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { injectLogin, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';
import {
  ANNA,
  HISTORY,
  HISTORY_CSV,
  HISTORY_NOW,
  JONAS,
  historyCommitment,
} from '../harness/response-history.ts';

/**
 * The response report in the web view and the API (issue 13, item 6) on the constructed history of the service's
 * proof (test/harness/response-history.ts): the page's figures, the CSV download and
 * `GET /api/reports/response` match the values worked out by hand; another lead's inbox is "not found".
 */
const prefix = uniquePrefix('web-reports');
const AUTH = { authorization: 'Bearer test-token-0123456789' };
// Both days included, on the inbox's (Stockholm) calendar: weeks 13 to 17.
const RANGE = 'from=2026-03-23&to=2026-04-26';
let f: WebFixture;
let cookie: string;

beforeAll(async () => {
  f = await startWeb(prefix);
  f.clock.set(HISTORY_NOW);
  for (const c of HISTORY) await f.ctx.stores.commitments.createIfAbsent(historyCommitment(c));
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

/** The report table's rows as [week, client?, kept, breached, kept %, median, p90, breach ids]. */
function tableRows(html: string): string[][] {
  const body = /<table class="data report-table" id="report">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...body.matchAll(/<tr data-week="([^"]+)"[^>]*?(?: data-client="([^"]+)")?>([\s\S]*?)<\/tr>/g)].map(
    (m) => {
      const col = (name: string) => new RegExp(`data-col="${name}">([^<]*)<`).exec(m[3]!)?.[1] ?? '';
      const breaches = [...m[3]!.matchAll(/<li data-commitment="([^"]+)"/g)].map((b) => b[1]!).join(' ');
      return [
        m[1]!,
        m[2] ?? '',
        col('kept'),
        col('breached'),
        col('kept-percent'),
        col('median'),
        col('p90'),
        breaches,
      ];
    },
  );
}

describe('the response report page', () => {
  it('per inbox and week: the hand-computed figures, business hours in words, breaches listed', async () => {
    const page = await f.app.inject({ url: `/reports/response?${RANGE}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(tableRows(page.body)).toEqual([
      // kept 1, 2, 5 · breached 3 (late), 4, 7 · times 1.5, 4, 10, 2 → median (2 + 4) / 2 = 3, p90 rank 4 → 10
      ['2026-W14', '', '3', '3', '50 %', '3 h', '10 h', 'c_3 c_4 c_7'],
      // kept 8, 9 · times 0.5, 3 → median 1.75, p90 rank 2 → 3
      ['2026-W15', '', '2', '0', '100 %', '1 h 45 min', '3 h', ''],
    ]);
    expect(page.body).toContain('30 Mar – 5 Apr');
    expect(page.body).toMatch(
      /jonas@brenner.test<\/a>: Matter c_3 <span class="small muted">— due Wed 1 Apr, 11:00, answered Tue 31 Mar, 21:00/,
    );
    expect(page.body).toContain('Matter c_7 <span class="small muted">— due Fri 3 Apr, 13:00, still waiting');
    expect(page.body).toContain(
      `href="/reports/response.csv?by=inbox&amp;from=2026-03-23&amp;to=2026-04-26"`,
    );
  });

  it('per client, and for one client or company', async () => {
    const page = await f.app.inject({ url: `/reports/response?by=client&${RANGE}`, headers: { cookie } });
    expect(tableRows(page.body)).toEqual([
      // Anna, week 14: kept 1, 2, 5, breached 7 · times 1.5, 4, 2 → median 2, p90 rank 3 → 4
      ['2026-W14', ANNA, '3', '1', '75 %', '2 h', '4 h', 'c_7'],
      ['2026-W14', JONAS, '0', '2', '0 %', '10 h', '10 h', 'c_3 c_4'],
      ['2026-W15', ANNA, '2', '0', '100 %', '1 h 45 min', '3 h', ''],
    ]);
    const jonas = await f.app.inject({
      url: `/reports/response?client=brenner.test&${RANGE}`,
      headers: { cookie },
    });
    expect(tableRows(jonas.body)).toEqual([['2026-W14', JONAS, '0', '2', '0 %', '10 h', '10 h', 'c_3 c_4']]);
  });

  it('downloads the same rows as CSV', async () => {
    const csv = await f.app.inject({ url: `/reports/response.csv?${RANGE}`, headers: { cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="response-report_2026-03-23_2026-04-26.csv"',
    );
    expect(csv.body.split('\r\n')).toEqual(HISTORY_CSV);
  });

  it('is only about the lead’s inboxes: another inbox is "not found", bad input a 400 page', async () => {
    const omar = (await injectLogin(f.app, USERS.otherLead)).cookie;
    const mine = await f.app.inject({ url: `/reports/response?${RANGE}`, headers: { cookie: omar } });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('No reply-by promises were decided in this period.');
    expect(mine.body).not.toContain('Matter c_');
    for (const url of [
      `/reports/response?inbox=studio&${RANGE}`,
      `/reports/response.csv?inbox=studio&${RANGE}`,
    ]) {
      const res = await f.app.inject({ url, headers: { cookie: omar } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('c_3');
    }
    const bad = await f.app.inject({ url: '/reports/response?from=yesterday', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from must be a date like 2026-03-30');
    const escaped = await f.app.inject({
      url: `/reports/response?client=${encodeURIComponent('"><script>x</script>@evil.test')}`,
      headers: { cookie },
    });
    expect(escaped.body).not.toContain('<script>x</script>');
    expect((await f.app.inject({ url: '/reports/response' })).statusCode).toBe(303);
  });
});

describe('GET /api/reports/response', () => {
  const api = (query: string, headers: Record<string, string> = AUTH) =>
    f.app.inject({ url: `/api/reports/response?${query}`, headers });

  it('answers the hand-computed figures as JSON', async () => {
    const res = await api('from=2026-03-23&to=2026-04-27');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      by: 'inbox',
      // Dates are days on the inbox's (Stockholm) clock, as on the page: CET before 29 March, CEST after.
      from: '2026-03-23T00:00:00.000+01:00',
      to: '2026-04-27T00:00:00.000+02:00',
    });
    expect(
      body.rows.map(
        (r: {
          week: string;
          keptPercent: number;
          medianFirstResponseHours: number;
          p90FirstResponseHours: number;
        }) => [r.week, r.keptPercent, r.medianFirstResponseHours, r.p90FirstResponseHours],
      ),
    ).toEqual([
      ['2026-W14', 50, 3, 10],
      ['2026-W15', 100, 1.75, 3],
    ]);
    const anna = (await api(`client=${ANNA}&from=2026-03-23&to=2026-04-27`)).json();
    expect(anna.by).toBe('client');
    expect(
      anna.rows.map((r: { client: string; week: string; kept: number; breached: number }) => [
        r.client,
        r.week,
        r.kept,
        r.breached,
      ]),
    ).toEqual([
      [ANNA, '2026-W14', 3, 1],
      [ANNA, '2026-W15', 2, 0],
    ]);
  });

  it("reads a date as midnight on the inbox's clock, and a timestamp with an offset as that instant", async () => {
    // c_1 was opened at 22:30 UTC on Sunday 29 March: 00:30 on Monday 30 March in Stockholm.
    const counts = async (query: string) =>
      (await api(query)).json().rows.map((r: { week: string; kept: number }) => [r.week, r.kept]);
    expect(await counts('from=2026-03-30&to=2026-03-31')).toEqual([['2026-W14', 1]]);
    expect(await counts('from=2026-03-30T00:00&to=2026-03-30T01:00')).toEqual([['2026-W14', 1]]);
    expect(await counts('from=2026-03-30T00:00:00Z&to=2026-03-31T00:00:00Z')).toEqual([]);
    expect(await counts('from=2026-03-29T22:00:00Z&to=2026-03-29T23:00:00Z')).toEqual([['2026-W14', 1]]);
  });

  it('answers CSV with format=csv', async () => {
    const res = await api('format=csv&from=2026-03-23&to=2026-04-27');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body.split('\r\n')).toEqual(HISTORY_CSV);
  });

  it('answers 400 for bad input and 404 for an inbox the principal may not see', async () => {
    expect((await api('format=xml')).statusCode).toBe(400);
    expect((await api('colour=red')).json()).toEqual({
      error: 'bad_request',
      message: expect.stringMatching(/colour/),
    });
    expect((await api('from=soon')).json().message).toContain('from must be an ISO date');
    // Shaped like a date but not one (no 30 February), and an offset-less time no clock has.
    expect((await api('from=2026-02-30')).json().message).toContain('from must be an ISO date');
    expect((await api('to=2026-04-01T25:00')).statusCode).toBe(400);
    expect((await api('client=not%20a%20client')).statusCode).toBe(400);
    const omar = (await injectLogin(f.app, USERS.otherLead)).cookie;
    const other = await api('inbox=studio', { cookie: omar });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ error: 'not_found', message: 'no inbox "studio"' });
    expect((await api('', {})).statusCode).toBe(401);
  });
});
