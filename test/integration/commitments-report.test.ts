import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseReportCsv, responseReportFor } from '../../src/commitments/report-service.ts';
import { API_ADMIN, leadPrincipal } from '../harness/principals.ts';
import { commitmentsEnv, type CommitmentsEnv } from './commitments-support.ts';
import { ANNA, HISTORY, HISTORY_NOW, JONAS, historyCommitment } from '../harness/response-history.ts';

/**
 * Issue 13's proof of the response report: a constructed history of commitments (stored as the service stores
 * them) and the figures worked out by hand, per inbox and per client and ISO week on the inbox's clock.
 */

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-report', { now: HISTORY_NOW });
  for (const c of HISTORY) await env.ctx.stores.commitments.createIfAbsent(historyCommitment(c));
});
afterAll(() => env.close());

describe('the response report', () => {
  it('per inbox and ISO week: kept %, median and 90th percentile of first-response business hours, breaches', async () => {
    const report = await responseReportFor(env.ctx, API_ADMIN, { from: '2026-03-23', to: '2026-04-27' });
    expect(report.rows.map(({ breaches, ...r }) => ({ ...r, breaches: breaches.map((b) => b.id) }))).toEqual([
      // kept 1, 2, 5 · breached 3 (late), 4, 7 · times 1.5, 4, 10, 2 → median (2 + 4) / 2, p90 rank ⌈3.6⌉ = 4 → 10
      {
        inbox: 'studio',
        client: null,
        week: '2026-W14',
        kept: 3,
        breached: 3,
        keptPercent: 50,
        medianFirstResponseHours: 3,
        p90FirstResponseHours: 10,
        breaches: ['c_3', 'c_4', 'c_7'],
      },
      // kept 8, 9 · times 0.5, 3 → median 1.75, p90 rank ⌈1.8⌉ = 2 → 3
      {
        inbox: 'studio',
        client: null,
        week: '2026-W15',
        kept: 2,
        breached: 0,
        keptPercent: 100,
        medianFirstResponseHours: 1.75,
        p90FirstResponseHours: 3,
        breaches: [],
      },
    ]);
    expect(report.rows[0]!.breaches.find((b) => b.id === 'c_3')).toMatchObject({
      client: JONAS,
      answeredAt: '2026-03-31T19:00:00.000Z',
    });
  });

  it('per client', async () => {
    const { rows } = await responseReportFor(env.ctx, API_ADMIN, {
      by: 'client',
      from: '2026-03-23',
      to: '2026-04-27',
    });
    const fig = rows.map((r) => [
      r.client,
      r.week,
      r.kept,
      r.breached,
      r.keptPercent,
      r.medianFirstResponseHours,
      r.p90FirstResponseHours,
    ]);
    expect(fig).toEqual([
      // Anna, week 14: kept 1, 2, 5, breached 7 · times 1.5, 4, 2 → median 2, p90 rank ⌈2.7⌉ = 3 → 4
      [ANNA, '2026-W14', 3, 1, 75, 2, 4],
      // Jonas, week 14: 3 (late) and 4 breached · the late answer took 10
      [JONAS, '2026-W14', 0, 2, 0, 10, 10],
      [ANNA, '2026-W15', 2, 0, 100, 1.75, 3],
    ]);
  });

  it('as CSV, and only for inboxes the principal may see', async () => {
    const csv = await responseReportCsv(env.ctx, API_ADMIN, { from: '2026-03-23', to: '2026-04-27' });
    expect(csv.split('\r\n')).toEqual([
      'inbox,client,week,kept,breached,kept_percent,median_first_response_business_hours,p90_first_response_business_hours,breached_commitments',
      'studio,,2026-W14,3,3,50,3,10,c_3 c_4 c_7',
      'studio,,2026-W15,2,0,100,1.75,3,',
      '',
    ]);
    await expect(
      responseReportFor(env.ctx, leadPrincipal(['other']), { inbox: 'studio' }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await responseReportFor(env.ctx, leadPrincipal(['other']))).rows).toEqual([]);
  });
});
