import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { responseReportFor } from '../../commitments/report-service.ts';
import { REPORT_CSV_HEADER, reportCsv } from '../../commitments/report.ts';
import { parseRequest } from './parse-request.ts';
import { describedBy, errorResponses, jsonSchemaOf } from './route-schema.ts';

/**
 * `GET /api/reports/response?inbox=&client=&by=&from=&to=&format=json|csv` (issue 13, item 6): the response
 * report of the inboxes the principal may see, as JSON or as the same CSV the web page downloads.
 */

const query = z
  .object({
    inbox: z.string().max(100).optional().meta({ description: 'inbox id; default every inbox you may see' }),
    client: z.string().max(320).optional().meta({
      description:
        'only this client (an email address) or company (a domain like client.test); rows per client',
    }),
    by: z.enum(['inbox', 'client']).optional().meta({
      description: 'rows per inbox and week (default), or per inbox, client and week (default with `client`)',
    }),
    from: z.string().max(64).optional().meta({
      description:
        "ISO date or timestamp (without an offset: on the inbox's clock, e.g. 2026-03-30 is midnight there): commitments opened at or after it; default 12 weeks before `to`",
    }),
    to: z.string().max(64).optional().meta({
      description:
        "ISO date or timestamp (without an offset: on the inbox's clock): commitments opened before it; default now",
    }),
    format: z.enum(['json', 'csv']).optional().meta({ description: 'json (default) or csv' }),
  })
  .strict();

const breach = z.object({
  id: z.string(),
  client: z.string(),
  subject: z.string(),
  dueAt: z.string(),
  answeredAt: z.string().nullable().meta({ description: 'when the late answer came; null: still waiting' }),
});

const row = z.object({
  inbox: z.string(),
  client: z.string().nullable().meta({ description: "the client's address (rows per client), else null" }),
  week: z.string().meta({ description: 'ISO week of the opening on the inbox clock, e.g. 2026-W14' }),
  kept: z.number().int(),
  breached: z
    .number()
    .int()
    .meta({ description: 'answered late, or still unanswered past the reply-by time' }),
  keptPercent: z.number().nullable().meta({ description: 'kept / (kept + breached) × 100, one decimal' }),
  medianFirstResponseHours: z.number().nullable().meta({
    description:
      'business hours from arrival to the first answer; the mean of the two middle ones for an even count',
  }),
  p90FirstResponseHours: z.number().nullable().meta({
    description: '90th percentile, nearest rank (the value at position ⌈0.9·n⌉ in ascending order)',
  }),
  breaches: z.array(breach),
});

const report = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['inbox', 'client']),
  rows: z.array(row),
});

const schema = describedBy({
  summary: 'Response report: kept %, median and 90th-percentile first-response business hours, breaches',
  querystring: jsonSchemaOf(query),
  response: {
    200: {
      description: `The report: JSON, or with format=csv a CSV file (${REPORT_CSV_HEADER.join(', ')})`,
      content: {
        'application/json': { schema: jsonSchemaOf(report) },
        'text/csv': { schema: { type: 'string' } },
      },
    },
    ...errorResponses(400, 404),
  },
});

export async function reportApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/api/reports/response', schema, async (req, reply) => {
    const { format, ...q } = parseRequest(query, req.query);
    const r = await responseReportFor(ctx, req.principal!, q);
    if (format !== 'csv') return r;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="response-report.csv"`)
      .send(reportCsv(r.rows));
  });
}
