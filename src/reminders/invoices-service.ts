import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import { formatPath } from '../config/load.ts';
import { invoiceInput, type InvoiceInput, type InvoiceRecord } from '../model/invoice-record.ts';
import { inboxOf } from './plan.ts';
import { planReminders } from './scheduler.ts';
import { invoiceId } from '../model/ids.ts';
import type { Principal } from '../access/principal.ts';
import { requireInbox } from '../access/inbox-access.ts';
import { changeInvoiceStatus, type InvoiceAction } from './actions.ts';
import { getInvoice } from './invoice-queries.ts';

/** "client.email: Invalid email address" for the first problems of a zod error. */
export function describeProblems(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join('; ');
}

export function parseInvoiceInput(raw: unknown): InvoiceInput {
  const r = invoiceInput.safeParse(raw);
  if (!r.success) throw new SafeError('bad_request', describeProblems(r.error), 400);
  return r.data;
}

/**
 * Registers an invoice and plans its ladder. The number is unique per inbox: a second one is a 409
 * (`duplicate_invoice`) and changes nothing, so an import or a retried POST never makes a second ladder.
 */
export async function createInvoice(
  ctx: AppContext,
  inboxId: string,
  raw: unknown,
  actor: string,
): Promise<InvoiceRecord> {
  inboxOf(ctx, inboxId);
  const input = parseInvoiceInput(raw);
  const at = ctx.clock.now().toISOString();
  const rec: InvoiceRecord = {
    ...input,
    id: invoiceId(inboxId, input.number),
    inbox: inboxId,
    status: 'open',
    lastContactAt: null,
    reminders: [],
    createdAt: at,
    updatedAt: at,
    history: [{ at, actor, action: 'created' }],
  };
  const store = ctx.stores.invoices;
  if (!(await store.create(rec)))
    throw new SafeError(
      'duplicate_invoice',
      `invoice ${input.number} already exists in inbox ${inboxId}`,
      409,
    );
  await planReminders(ctx, rec);
  return rec;
}

/**
 * `createInvoice` for a principal: into an inbox they may see (else `not_found`). The inbox may be left out
 * when only one is configured.
 */
export async function registerInvoice(
  ctx: AppContext,
  principal: Principal,
  inbox: string | undefined,
  raw: unknown,
): Promise<InvoiceRecord> {
  const only = ctx.config.inboxes.length === 1 ? ctx.config.inboxes[0]!.id : undefined;
  const inboxId = inbox || only;
  if (!inboxId) throw new SafeError('bad_request', 'inbox: is required', 400);
  return createInvoice(ctx, requireInbox(ctx.config, principal, inboxId), raw, principal.actor);
}

/** Mark paid, dispute, pause (until a date) or resume an invoice the principal may see, as them. */
export async function actOnInvoice(
  ctx: AppContext,
  principal: Principal,
  id: string,
  action: InvoiceAction,
  opts: { until?: string } = {},
): Promise<InvoiceRecord> {
  const inv = await getInvoice(ctx, principal, id);
  return changeInvoiceStatus(ctx, inv.id, action, principal.actor, opts);
}
