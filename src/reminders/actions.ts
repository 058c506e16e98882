import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import {
  localDate,
  type InvoiceRecord,
  type InvoiceStatus,
  type PaymentPromise,
} from '../model/invoice-record.ts';
import { replanReminders } from './scheduler.ts';
import { moveDraft } from '../drafts/transitions.ts';

/**
 * Status changes of an invoice, from the API, the CLI or a client's reply. Every change away from `open`
 * cancels the reminder drafts still waiting (pending or scheduled): a reminder is never sent after the client
 * paid, disputed or replied. `resume` plans the ladder again: the next step not sent yet goes out (drafted again
 * if its draft was cancelled by the hold), one step at a time (decide.ts).
 */

export type InvoiceAction = 'paid' | 'dispute' | 'pause' | 'resume' | 'cancel';

const TARGET: Record<InvoiceAction, InvoiceStatus> = {
  paid: 'paid',
  dispute: 'disputed',
  pause: 'paused',
  resume: 'open',
  cancel: 'cancelled',
};

/** Which statuses each action may start from; anything else is a 409. */
const FROM: Record<InvoiceAction, InvoiceStatus[]> = {
  paid: ['open', 'paused', 'disputed'],
  dispute: ['open', 'paused'],
  pause: ['open', 'paused', 'disputed'],
  resume: ['paused', 'disputed'],
  cancel: ['open', 'paused', 'disputed'],
};

/** Whether `action` may start from `status` (the web view shows only the buttons that can work). */
export function canApplyAction(action: InvoiceAction, status: InvoiceStatus): boolean {
  return FROM[action].includes(status);
}

export async function changeInvoiceStatus(
  ctx: AppContext,
  id: string,
  action: InvoiceAction,
  actor: string,
  opts: { until?: string; detail?: string; promise?: PaymentPromise } = {},
): Promise<InvoiceRecord> {
  if (opts.until !== undefined && !localDate.safeParse(opts.until).success)
    throw new SafeError('bad_request', 'until: is not a YYYY-MM-DD date', 400);
  const store = ctx.stores.invoices;
  const at = ctx.clock.now().toISOString();
  let refused: InvoiceStatus | null = null;
  const next = await store.update(id, (r) => {
    refused = null;
    if (!FROM[action].includes(r.status)) {
      refused = r.status;
      return null;
    }
    const { pausedUntil: _drop, ...rest } = r;
    return {
      ...rest,
      status: TARGET[action],
      ...(action === 'pause' && opts.until ? { pausedUntil: opts.until } : {}),
      // Stored with the pause it causes, in one write: the resumed ladder acknowledges it.
      ...(opts.promise ? { promise: opts.promise } : {}),
      updatedAt: at,
      history: [
        ...r.history,
        {
          at,
          actor,
          action,
          ...(opts.detail || opts.until ? { detail: opts.detail ?? `until ${opts.until}` } : {}),
        },
      ],
    };
  });
  if (refused) throw new SafeError('conflict', `cannot ${action} an invoice that is ${refused}`, 409);
  if (next.status === 'open') await replanReminders(ctx, next);
  else await cancelWaitingReminders(ctx, next, actor, `invoice ${next.number} is ${next.status}`);
  if (next.status === 'paused' && next.pausedUntil) await replanReminders(ctx, next);
  return next;
}

/** Cancels every reminder draft of the invoice that has not gone out yet. */
export async function cancelWaitingReminders(
  ctx: AppContext,
  inv: InvoiceRecord,
  actor: string,
  reason: string,
): Promise<number> {
  const drafts = ctx.stores.drafts;
  let cancelled = 0;
  for (const r of inv.reminders) {
    if (!r.draftId) continue;
    const t = await moveDraft(drafts, r.draftId, 'cancel', { actor, detail: reason });
    if (t.ok) cancelled++;
  }
  return cancelled;
}
