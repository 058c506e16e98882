import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { canAccessInbox, type Principal } from '../principal.ts';
import { InvoiceStore } from '../../store/invoices.ts';
import { INVOICE_STATUSES, type InvoiceRecord } from '../../store/invoice-record.ts';
import { createInvoice } from '../../reminders/invoices-service.ts';
import { changeInvoiceStatus, type InvoiceAction } from '../../reminders/actions.ts';

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

const pauseBody = z.object({ until: z.string().max(20).optional() }).strict();

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
  const inv = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await new InvoiceStore(ctx.redis, ctx.keys).get(id) : null;
  if (!inv || !canAccessInbox(p, inv.inbox)) throw new SafeError('not_found', 'no such invoice', 404);
  return inv;
}

const ACTIONS: Record<string, InvoiceAction> = {
  paid: 'paid',
  dispute: 'dispute',
  pause: 'pause',
  resume: 'resume',
};

export async function invoiceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/invoices', async (req, reply) => {
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

  app.get('/api/invoices', async (req) => {
    const p = principalOf(req);
    const q = parse(listQuery, req.query);
    const inboxes = q.inbox
      ? [visibleInbox(ctx, p, q.inbox)]
      : ctx.config.inboxes.map((i) => i.id).filter((id) => canAccessInbox(p, id));
    const store = new InvoiceStore(ctx.redis, ctx.keys);
    const lists = await Promise.all(inboxes.map((id) => store.list(id, q.status)));
    return { invoices: lists.flat() };
  });

  app.get<{ Params: { id: string } }>('/api/invoices/:id', async (req) =>
    visibleInvoice(ctx, principalOf(req), req.params.id),
  );

  app.post<{ Params: { id: string; action: string } }>('/api/invoices/:id/:action', async (req) => {
    const p = principalOf(req);
    const action = ACTIONS[req.params.action];
    if (!action) throw new SafeError('not_found', `no action "${req.params.action}"`, 404);
    const inv = await visibleInvoice(ctx, p, req.params.id);
    const { until } = action === 'pause' ? parse(pauseBody, req.body) : { until: undefined };
    return changeInvoiceStatus(ctx, inv.id, action, p.actor, { until });
  });
}
