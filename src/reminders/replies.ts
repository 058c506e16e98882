import type { AppContext } from '../context.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { changeInvoiceStatus } from './actions.ts';

export type ClientMessageOutcome =
  | { matched: false }
  | { matched: true; invoiceId: string; action: 'noted-auto-reply' | 'already-handled' | 'noted' }
  | { matched: true; invoiceId: string; action: 'paused' | 'disputed' };

/** Automated mail (an out-of-office answering a reminder) is attached to the invoice, never counted as a reply. */
function isAutomated(rec: MessageRecord): boolean {
  const t = rec.triage!;
  return (
    t.categories.includes('automated') || (!t.autoReply.allowed && t.autoReply.reason === 'auto-submitted')
  );
}

/** The invoice a message is about: its thread first (RFC 5322 §3.6.4 ids), else the client naming the number. */
export async function findInvoiceFor(ctx: AppContext, rec: MessageRecord): Promise<InvoiceRecord | null> {
  const store = ctx.stores.invoices;
  const ids = [rec.inReplyTo, ...rec.references].filter((x): x is string => Boolean(x));
  const byThread = await store.byThreadMessage(rec.inbox, ids);
  if (byThread) return store.get(byThread);
  if (!rec.from) return null;
  const candidates = await store.byClient(rec.inbox, rec.from.address);
  const haystack = `${rec.subject}\n${rec.text}`;
  for (const id of candidates) {
    const inv = await store.get(id);
    if (!inv) continue;
    if (rec.triage?.invoice === inv.number || mentions(haystack, inv.number)) return inv;
  }
  return null;
}

/** The number as a whole token: "2026-014" matches "invoice 2026-014." but not "2026-0141". */
function mentions(text: string, number: string): boolean {
  const escaped = number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * Called for every triaged message. A client who writes about a chased invoice stops the ladder and the lead
 * decides what next (tone.md: never sent after the client has paid, disputed or replied):
 *   payment = dispute → `disputed`; paid / promise / anything else → `paused` until a lead resumes or marks paid.
 * An auto-reply is noted only. Running twice for one message changes nothing the second time.
 */
export async function onClientMessage(ctx: AppContext, rec: MessageRecord): Promise<ClientMessageOutcome> {
  if (!rec.triage) return { matched: false };
  // Our own reminder coming back (a Bcc or Cc to the shared inbox) is in the thread but is no client reply.
  const inbox = ctx.config.inboxes.find((i) => i.id === rec.inbox);
  const own = new Set([inbox?.address, ...(inbox?.aliases ?? [])].map((a) => a?.toLowerCase()));
  if (!rec.from || own.has(rec.from.address.toLowerCase())) return { matched: false };
  const inv = await findInvoiceFor(ctx, rec);
  if (!inv) return { matched: false };
  const marker = `message ${rec.id}`;
  if (inv.history.some((h) => h.detail?.includes(marker)))
    return { matched: true, invoiceId: inv.id, action: 'already-handled' };
  const store = ctx.stores.invoices;
  const note = async (action: string, detail: string) =>
    store.update(inv.id, (r) => ({
      ...r,
      history: [...r.history, { at: ctx.clock.now().toISOString(), actor: 'tactful', action, detail }],
    }));
  if (isAutomated(rec)) {
    await note(
      'auto-reply-noted',
      `${marker}: automatic reply (${rec.triage.autoReply.reason ?? 'automated'})`,
    );
    return { matched: true, invoiceId: inv.id, action: 'noted-auto-reply' };
  }
  if (inv.status !== 'open' && inv.status !== 'paused') {
    await note('client-replied', `${marker}: payment=${rec.triage.payment}`);
    return { matched: true, invoiceId: inv.id, action: 'noted' };
  }
  const dispute = rec.triage.payment === 'dispute';
  await changeInvoiceStatus(ctx, inv.id, dispute ? 'dispute' : 'pause', 'tactful', {
    detail: `${marker}: client replied (payment=${rec.triage.payment}); waiting for a lead`,
  });
  return { matched: true, invoiceId: inv.id, action: dispute ? 'disputed' : 'paused' };
}
