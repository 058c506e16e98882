import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { inboxesInScope } from '../../access/inbox-access.ts';
import { responseReportCsv, responseReportFor } from '../../commitments/report-service.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';
import { csvFileName, queryString, reportQueryOf, reportRowView, type ReportForm } from './report-view.ts';

/**
 * The response report (issue 13, item 6): per inbox or per client and ISO week, kept %, median and 90th
 * percentile first-response time in business hours, breaches listed; `/reports/response.csv` downloads the same
 * rows. The lead's inboxes only: another inbox is "not found".
 */
export async function reportRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guard = { preHandler: requireUser };

  app.get<{ Querystring: ReportForm }>('/reports/response', guard, async (req, reply) => {
    const p = userOf(req);
    const { query, shown } = reportQueryOf(ctx, p, req.query ?? {});
    const report = await responseReportFor(ctx, p, query);
    return renderPage(req, reply, './report-response', {
      title: 'Response report',
      nav: 'reports',
      form: shown,
      inboxes: inboxesInScope(ctx.config, p),
      rows: report.rows.map((r) => reportRowView(ctx, r)),
      csvUrl: `/reports/response.csv?${queryString(shown)}`,
    });
  });

  app.get<{ Querystring: ReportForm }>('/reports/response.csv', guard, async (req, reply) => {
    const p = userOf(req);
    const { query, shown } = reportQueryOf(ctx, p, req.query ?? {});
    const csv = await responseReportCsv(ctx, p, query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csvFileName(shown)}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
