import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { canAccessInbox, type Principal } from '../../access/principal.ts';
import {
  INVOICE_STATUSES,
  invoiceInput,
  invoiceRecord,
  type InvoiceRecord,
} from '../../model/invoice-record.ts';
import { createInvoice } from '../../reminders/invoices-service.ts';
import { changeInvoiceStatus, type InvoiceAction } from '../../reminders/actions.ts';
import { describedBy, envelope, errorResponses, idParams, jsonSchemaOf, ok } from './route-schema.ts';

/**
 * JSON API over invoices (Bearer token or session, like every /api/* route).
 *   POST /api/invoices                {inbox, number, client{…}, amount, currency, issuedAt, dueDate, …} → 201
 *        400 names the field and the problem; 409 `duplicate_invoice` for a number already in the inbox
 *   GET  /api/invoices?status=open&inbox=ID
 *   GET  /api/invoices/:id
 *   POST /api/invoices/:id/paid | /dispute | /pause {until?: YYYY-MM-DD} | /resume  → the record
 * An inbox the principal may not see answers 404, like a missing one (no probing).
 */

const listQuery = z
  .object({
    status: z.enum(INVOICE_STATUSES).optional(),
    inbox: z.string().max(100).optional(),
  })
  .strict();

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
      200: ok('The invoices', envelope('invoices', { type: 'array', items: record })),
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

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new SafeError('bad_request', `${where}${issue.message}`, 400);
  }
  return r.data;
}

function visibleInbox(ctx: AppContext, p: Principal, id: unknown): string {
  if (typeof id !== 'string' || !id) throw new SafeError('bad_request', 'inbox: is required', 400);
  if (!ctx.config.inboxes.some((i) => i.id === id) || !canAccessInbox(p, id))
    throw new SafeError('not_found', `no inbox "${id}"`, 404);
  return id;
}

async function visibleInvoice(ctx: AppContext, p: Principal, id: string): Promise<InvoiceRecord> {
  const inv = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await ctx.stores.invoices.get(id) : null;
  if (!inv || !canAccessInbox(p, inv.inbox)) throw new SafeError('not_found', 'no such invoice', 404);
  return inv;
}

const ACTIONS: readonly InvoiceAction[] = ['paid', 'dispute', 'pause', 'resume'];

export async function invoiceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/invoices', schemas.create, async (req, reply) => {
    const p = principalOf(req);
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new SafeError('bad_request', 'send a JSON object', 400);
    const { inbox, ...rest } = body as Record<string, unknown>;
    const inboxId = visibleInbox(
      ctx,
      p,
      inbox ?? (ctx.config.inboxes.length === 1 ? ctx.config.inboxes[0]!.id : ''),
    );
    const created = await createInvoice(ctx, inboxId, rest, p.actor);
    return reply.status(201).send(created);
  });

  app.get('/api/invoices', schemas.list, async (req) => {
    const p = principalOf(req);
    const q = parse(listQuery, req.query);
    const inboxes = q.inbox
      ? [visibleInbox(ctx, p, q.inbox)]
      : ctx.config.inboxes.map((i) => i.id).filter((id) => canAccessInbox(p, id));
    const store = ctx.stores.invoices;
    const lists = await Promise.all(inboxes.map((id) => store.list(id, q.status)));
    return { invoices: lists.flat() };
  });

  app.get<{ Params: { id: string } }>('/api/invoices/:id', schemas.get, async (req) =>
    visibleInvoice(ctx, principalOf(req), req.params.id),
  );

  // One route per action (not `/:id/:action`) so each is described on its own; an unknown action is the
  // /api not-found answer (404 not_found).
  for (const action of ACTIONS) {
    app.post<{ Params: { id: string } }>(
      `/api/invoices/:id/${action}`,
      schemas.action(action),
      async (req) => {
        const p = principalOf(req);
        const inv = await visibleInvoice(ctx, p, req.params.id);
        const { until } = action === 'pause' ? parse(pauseBody, req.body) : { until: undefined };
        return changeInvoiceStatus(ctx, inv.id, action, p.actor, { until });
      },
    );
  }
}
