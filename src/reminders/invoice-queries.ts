import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { Principal } from '../access/principal.ts';
import { canSeeInbox, inboxesInScope, plausibleId, requireVisible } from '../access/inbox-access.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { InvoiceRecord, InvoiceStatus } from '../model/invoice-record.ts';
import type { Page } from '../store/paging.ts';

/**
 * Invoices as a principal may see them: the API and the invoices page read through here, so "which invoice
 * may this lead see" is one rule (src/access/inbox-access.ts) and a missing invoice and another inbox's answer
 * the same `not_found`.
 */

export const INVOICE_PAGE = { default: 500, max: 1000 } as const;

export interface InvoiceListFilter {
  /** One inbox (a 404 when the principal may not see it); default every inbox they may see. */
  inbox?: string;
  status?: InvoiceStatus;
  /** 1–1000, default 500. */
  limit?: number;
  /** The `nextCursor` of the page before. */
  cursor?: string;
}

/** One invoice, or null when it is missing or in an inbox the principal may not see. */
export async function findInvoice(
  ctx: AppContext,
  principal: Principal,
  id: string | null,
): Promise<InvoiceRecord | null> {
  const inv = id && plausibleId(id) ? await ctx.stores.invoices.get(id) : null;
  return inv && canSeeInbox(ctx.config, principal, inv.inbox) ? inv : null;
}

/** One invoice, or `not_found` (missing and "not yours" alike): the one `visibleInvoice` rule. */
export async function getInvoice(ctx: AppContext, principal: Principal, id: string): Promise<InvoiceRecord> {
  return requireVisible(ctx.config, principal, await findInvoice(ctx, principal, id), 'invoice');
}

/** Invoices by due date (soonest first) across the inboxes in scope, one page at a time. */
export async function listInvoices(
  ctx: AppContext,
  principal: Principal,
  filter: InvoiceListFilter = {},
): Promise<Page<InvoiceRecord>> {
  const inboxes = inboxesInScope(ctx.config, principal, filter.inbox);
  const limit = Math.min(Math.max(filter.limit ?? INVOICE_PAGE.default, 1), INVOICE_PAGE.max);
  return ctx.stores.invoices.page({
    inboxes,
    status: filter.status ? [filter.status] : undefined,
    limit,
    cursor: filter.cursor,
  });
}

/** The reminder step that fired last (its draft's status is what the invoice's row reports). */
export const latestDraftedStep = (inv: InvoiceRecord) =>
  inv.reminders.filter((r) => r.state === 'drafted').sort((a, b) => b.step - a.step)[0];

export interface InvoiceOverviewEntry {
  invoice: InvoiceRecord;
  inbox: InboxConfig;
  /** The draft of the latest step that fired, if it still exists. */
  lastDraft: DraftRecord | null;
}

/** Every invoice of every inbox the principal may see, with what the invoices page shows beside it. */
export async function invoiceOverview(
  ctx: AppContext,
  principal: Principal,
): Promise<InvoiceOverviewEntry[]> {
  const visible = new Set(inboxesInScope(ctx.config, principal));
  const inboxes = ctx.config.inboxes.filter((i) => visible.has(i.id));
  const lists = await Promise.all(inboxes.map((i) => ctx.stores.invoices.list(i.id)));
  return Promise.all(
    lists.flatMap((invoices, n) =>
      invoices.map(async (invoice) => {
        const draftId = latestDraftedStep(invoice)?.draftId;
        const lastDraft = draftId ? await ctx.stores.drafts.get(draftId) : null;
        return { invoice, inbox: inboxes[n]!, lastDraft };
      }),
    ),
  );
}
