import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../model/invoice-record.ts';
import type { InvoiceAction } from '../../reminders/actions.ts';
import { actOnInvoice } from '../../reminders/invoices-service.ts';
import { getInvoice, invoiceOverview } from '../../reminders/invoice-queries.ts';
import { inboxesInScope } from '../../access/inbox-access.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { invoiceRow, sortRows } from './invoice-rows.ts';
import { invoiceImportRoutes } from './invoice-import.ts';
import { renderPage } from './render.ts';
import { actorName } from './audit-words.ts';
import { upcomingReminder } from '../../reminders/invoice-context.ts';

interface ActionForm {
  until?: string;
  /** The status filter the lead was looking at, to come back to it. */
  back?: string;
}

/** Filter order: the statuses that still need a lead first, like the list itself. */
const FILTERS: readonly InvoiceStatus[] = ['open', 'paused', 'disputed', 'paid', 'cancelled'];
const ACTIONS: readonly InvoiceAction[] = ['paid', 'dispute', 'pause', 'resume'];
const DONE: Record<string, string> = {
  paid: 'marked paid',
  dispute: 'marked disputed',
  pause: 'paused',
  resume: 'resumed',
};

const statusOf = (s: unknown): InvoiceStatus | null =>
  (INVOICE_STATUSES as readonly unknown[]).includes(s) ? (s as InvoiceStatus) : null;

/**
 * The invoices of the lead's inboxes with the buttons that stop (or restart) their reminders. Every read and
 * change goes through the reminders services (invoice-queries, actOnInvoice), which cancel waiting reminder drafts and writes
 * who did it into the invoice's history; this module only translates forms and pages.
 */
export async function invoicePageRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const post = { preHandler: [requireUser, app.csrfProtection] };

  app.get<{ Querystring: { status?: string } }>(
    '/invoices',
    { preHandler: requireUser },
    async (req, reply) => {
      const p = userOf(req);
      const status = statusOf(req.query.status);
      const now = ctx.clock.now();
      const all = await invoiceOverview(ctx, p);
      const counts = Object.fromEntries(
        INVOICE_STATUSES.map((s) => [s, all.filter((e) => e.invoice.status === s).length]),
      );
      const shown = status ? all.filter((e) => e.invoice.status === status) : all;
      const name = (actor: string) => actorName(ctx.config, actor);
      const rows = await Promise.all(
        shown.map(async (e) =>
          invoiceRow(
            e.inbox,
            e.invoice,
            e.lastDraft,
            now,
            await upcomingReminder(ctx, e.inbox, e.invoice),
            name,
          ),
        ),
      );
      return renderPage(req, reply, './invoices', {
        title: 'Invoices',
        nav: 'invoices',
        rows: sortRows(rows),
        status,
        statuses: FILTERS,
        counts,
        total: all.length,
        manyInboxes: inboxesInScope(ctx.config, p).length > 1,
      });
    },
  );

  for (const action of ACTIONS) {
    app.post<{ Params: { id: string }; Body: ActionForm }>(
      `/invoices/:id/${action}`,
      post,
      async (req, reply) => {
        const p = userOf(req);
        const inv = await getInvoice(ctx, p, req.params.id);
        const back = statusOf(req.body?.back);
        const until = action === 'pause' && req.body?.until ? String(req.body.until) : undefined;
        return afterAction(req, reply, back, inv.number, async () => {
          const next = await actOnInvoice(ctx, p, inv.id, action, { until });
          const how = next.pausedUntil ? `${DONE[action]} until ${next.pausedUntil}` : DONE[action];
          const after =
            action === 'resume' ? 'Its reminders are planned again.' : 'Waiting reminders were cancelled.';
          return `Invoice ${next.number} ${how}. ${after}`;
        });
      },
    );
  }

  await app.register(invoiceImportRoutes, { ctx });
}

/** Post/redirect/get: the outcome (or why the service refused, e.g. already paid) as a flash on the list. */
async function afterAction(
  req: FastifyRequest,
  reply: FastifyReply,
  back: InvoiceStatus | null,
  number: string,
  act: () => Promise<string>,
) {
  const to = back ? `/invoices?status=${back}` : '/invoices';
  try {
    req.session.set('flash', await act());
  } catch (err) {
    if (!(err instanceof SafeError) || (err.status !== 400 && err.status !== 409)) throw err;
    // 409: a colleague (or the client's reply) changed it first; the service says from which status.
    const why =
      err.code === 'conflict'
        ? err.message.replace(/^cannot \w+ an invoice that is /, 'it is ')
        : err.message;
    req.session.set('flash', `Invoice ${number} not changed: ${why}.`);
  }
  return reply.redirect(to, 303);
}
