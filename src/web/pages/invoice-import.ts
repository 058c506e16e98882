import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { CSV_COLUMNS, type ImportReport } from '../../reminders/csv-import.ts';
import { importInvoices } from '../../reminders/invoice-import-service.ts';
import { inboxesInScope, requireInbox } from '../../access/inbox-access.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

/**
 * Whole-app body limit (app.ts). A route's own bodyLimit overrides the form parser's 256 KB, so a pasted
 * file may be this big once URL-encoded (commas, @ and line breaks take three bytes each: ~600 KB of CSV).
 */
const BODY_LIMIT = 1024 * 1024;

interface ImportForm {
  inbox?: string;
  csv?: string;
}

/**
 * CSV import in the web view: a textarea paste (a file input fills it when JavaScript runs; there is no
 * multipart parser) into one of the lead's inboxes. The import itself is the reminders service's; the page
 * shows its per-line report.
 */
export async function invoiceImportRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;

  const page = (inboxes: string[], extra: Record<string, unknown>) => ({
    title: 'Import invoices',
    nav: 'invoices',
    inboxes,
    columns: CSV_COLUMNS,
    report: null,
    problem: null,
    inbox: inboxes[0] ?? '',
    csv: '',
    ...extra,
  });

  app.get('/invoices/import', { preHandler: requireUser }, async (req, reply) =>
    renderPage(req, reply, './invoice-import', page(inboxesInScope(ctx.config, userOf(req)), {})),
  );

  app.post<{ Body: ImportForm }>(
    '/invoices/import',
    { preHandler: [requireUser, app.csrfProtection], bodyLimit: BODY_LIMIT },
    async (req, reply) => {
      const p = userOf(req);
      const inbox = String(req.body?.inbox ?? '');
      requireInbox(ctx.config, p, inbox); // before looking at the file: another inbox is simply not there
      const csv = String(req.body?.csv ?? '');
      let report: ImportReport | null = null;
      let problem: string | null = null;
      if (!csv.trim()) problem = 'Paste the CSV (or choose a file) first.';
      else {
        try {
          report = await importInvoices(ctx, p, inbox, csv);
        } catch (err) {
          if (!(err instanceof SafeError) || err.status !== 400) throw err;
          problem = err.message;
        }
      }
      // Nothing was imported when the whole file was refused: keep the text so it can be fixed in place.
      if (problem) reply.status(400);
      return renderPage(
        req,
        reply,
        './invoice-import',
        page(inboxesInScope(ctx.config, p), {
          report,
          problem,
          inbox,
          csv: report && !report.errors.length ? '' : csv,
        }),
      );
    },
  );
}
