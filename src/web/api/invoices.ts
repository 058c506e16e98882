import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { INVOICE_STATUSES, invoiceInput, invoiceRecord } from '../../model/invoice-record.ts';
import { actOnInvoice, registerInvoice } from '../../reminders/invoices-service.ts';
import { getInvoice, INVOICE_PAGE, listInvoices } from '../../reminders/invoice-queries.ts';
import type { InvoiceAction } from '../../reminders/actions.ts';
import { cursorParam, parseRequest } from './parse-request.ts';
import { describedBy, errorResponses, idParams, jsonSchemaOf, ok, pageEnvelope } from './route-schema.ts';

/**
 * JSON API over invoices (Bearer token or session, like every /api/* route).
 *   POST /api/invoices                {inbox, number, client{…}, amount, currency, issuedAt, dueDate, …} → 201
 *        400 names the field and the problem; 409 `duplicate_invoice` for a number already in the inbox
 *   GET  /api/invoices?status=open&inbox=ID&limit=N&cursor=C  → {invoices, nextCursor}, by due date
 *   GET  /api/invoices/:id
 *   POST /api/invoices/:id/paid | /dispute | /pause {until?: YYYY-MM-DD} | /resume  → the record
 * An inbox the principal may not see answers 404, like a missing one (no probing).
 */

const listQuery = z
  .object({
    status: z.enum(INVOICE_STATUSES).optional(),
    inbox: z.string().max(100).optional().meta({ description: 'inbox id; default every inbox you may see' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(INVOICE_PAGE.max)
      .optional()
      .meta({ description: `page size, default ${INVOICE_PAGE.default}` }),
    cursor: cursorParam,
  })
  .strict();

/** The POST body is an object; its `inbox` is the API's to read, the rest the invoice service's. */
const createBody = z
  .object({ inbox: z.string().max(100).optional() }, { error: 'send a JSON object' })
  .loose();

const pauseBody = z
  .object({
    until: z
      .string()
      .max(20)
      .optional()
      .meta({ description: 'YYYY-MM-DD, inclusive, in the client zone; default until resumed' }),
  })
  .strict();

/** The POST body: the invoice input plus the inbox (which `createInvoice` gets apart from the rest). */
function createBodySchema() {
  const input = jsonSchemaOf(invoiceInput) as { properties: Record<string, unknown> };
  const inbox = {
    type: 'string',
    description: 'inbox id; may be left out when only one inbox is configured',
  };
  return { ...input, properties: { inbox, ...input.properties } };
}

const record = jsonSchemaOf(invoiceRecord);
const ACTION_SUMMARY: Record<string, string> = {
  paid: 'Mark paid: reminders stop',
  dispute: 'Mark disputed: reminders stop until resumed',
  pause: 'Pause reminders (until a date, or until resumed)',
  resume: 'Resume reminders of a paused or disputed invoice',
};

const schemas = {
  create: describedBy({
    summary: 'Register an invoice and plan its reminder ladder',
    body: createBodySchema(),
    response: { 201: ok('The new invoice', record), ...errorResponses(400, 403, 404, 409) },
  }),
  list: describedBy({
    summary: 'List invoices of the inboxes you may see',
    querystring: jsonSchemaOf(listQuery),
    response: {
      200: ok('One page of invoices, soonest due first', pageEnvelope('invoices', record)),
      ...errorResponses(400, 404),
    },
  }),
  get: describedBy({
    summary: 'One invoice',
    params: idParams,
    response: { 200: ok('The invoice', record), ...errorResponses(404) },
  }),
  action: (action: string) =>
    describedBy({
      summary: ACTION_SUMMARY[action]!,
      params: idParams,
      ...(action === 'pause' ? { body: jsonSchemaOf(pauseBody) } : {}),
      response: {
        200: ok('The invoice after the change', record),
        ...errorResponses(...(action === 'pause' ? ([400] as const) : []), 403, 404, 409),
      },
    }),
};

function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new SafeError('unauthorized', 'not signed in', 401);
  return req.principal;
}

const ACTIONS: readonly InvoiceAction[] = ['paid', 'dispute', 'pause', 'resume'];

export async function invoiceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/invoices', schemas.create, async (req, reply) => {
    const { inbox, ...rest } = parseRequest(createBody, req.body);
    const created = await registerInvoice(ctx, principalOf(req), inbox, rest);
    return reply.status(201).send(created);
  });

  app.get('/api/invoices', schemas.list, async (req) => {
    const page = await listInvoices(ctx, principalOf(req), parseRequest(listQuery, req.query));
    return { invoices: page.items, nextCursor: page.nextCursor };
  });

  app.get<{ Params: { id: string } }>('/api/invoices/:id', schemas.get, async (req) =>
    getInvoice(ctx, principalOf(req), req.params.id),
  );

  // One route per action (not `/:id/:action`) so each is described on its own; an unknown action is the
  // /api not-found answer (404 not_found).
  for (const action of ACTIONS) {
    app.post<{ Params: { id: string } }>(
      `/api/invoices/:id/${action}`,
      schemas.action(action),
      async (req) => {
        const p = principalOf(req);
        // The invoice first: a bad body for an invoice that is not there (or not yours) is still a 404.
        const inv = await getInvoice(ctx, p, req.params.id);
        const { until } = action === 'pause' ? parseRequest(pauseBody, req.body) : { until: undefined };
        return actOnInvoice(ctx, p, inv.id, action, { until });
      },
    );
  }
}
