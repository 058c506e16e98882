import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import { changeInvoiceStatus } from './actions.ts';
import { findInvoiceFor } from './invoice-match.ts';
import { buildPaymentReply } from './payment-reply.ts';
import { supersedeOlderReply } from './supersede.ts';
import { applyPromise, promisedDateOf } from './promise.ts';

export type ClientMessageOutcome =
  | { matched: false }
  | { matched: true; invoiceId: string; action: 'noted-auto-reply' }
  | {
      matched: true;
      invoiceId: string;
      action: 'already-handled' | 'noted' | 'paused' | 'paused-until' | 'disputed';
      /** The `payment-reply` draft waiting for a lead (null when the message had no address to answer). */
      draftId: string | null;
    };

type Triaged = MessageRecord & { triage: TriageResult };

/** Automated mail (an out-of-office answering a reminder) is attached to the invoice, never counted as a reply. */
function isAutomated(rec: Triaged): boolean {
  const t = rec.triage;
  return (
    t.categories.includes('automated') || (!t.autoReply.allowed && t.autoReply.reason === 'auto-submitted')
  );
}

/**
 * Called for every triaged message, before the draft job. A client who writes about an invoice (in its thread,
 * or naming its number) always reaches a lead: a `payment-reply` draft waits in the review queue with the
 * invoice beside it, and — being the message's one draft — takes the place of any unattended acknowledgement
 * (the lead's answer covers it). The ladder stops too (docs/tone-rules.md: never sent after the client has paid, disputed
 * or replied): payment = dispute → `disputed`; a promise with a date → paused until that date plus grace; paid,
 * extension, a promise without a date or anything else → paused until a lead resumes or marks it paid.
 * An auto-reply is noted only. Running twice for one message changes nothing the second time.
 */
export async function onClientMessage(ctx: AppContext, rec: MessageRecord): Promise<ClientMessageOutcome> {
  if (!rec.triage) return { matched: false };
  const msg = rec as Triaged;
  // Our own reminder coming back (a Bcc or Cc to the shared inbox) is in the thread but is no client reply.
  const inbox = ctx.config.inboxes.find((i) => i.id === rec.inbox);
  const own = new Set([inbox?.address, ...(inbox?.aliases ?? [])].map((a) => a?.toLowerCase()));
  if (!inbox || !rec.from || own.has(rec.from.address.toLowerCase())) return { matched: false };
  const inv = await findInvoiceFor(ctx, msg);
  if (!inv) return { matched: false };
  const marker = `message ${rec.id}`;
  const handled = inv.history.some((h) => h.detail?.includes(marker));
  if (isAutomated(msg)) {
    if (!handled)
      await note(
        ctx,
        inv.id,
        'auto-reply-noted',
        `${marker}: automatic reply (${msg.triage.autoReply.reason ?? 'automated'})`,
      );
    return { matched: true, invoiceId: inv.id, action: 'noted-auto-reply' };
  }
  // The lead's task first (idempotent: one draft per message), the invoice's state after: a crash in between
  // repeats only the second half.
  const promised = promisedDateOf(inbox, inv, msg);
  const draftId = await draftReply(ctx, inbox, inv, msg, promised);
  const base = { matched: true as const, invoiceId: inv.id, draftId };
  if (handled) return { ...base, action: 'already-handled' };
  await rememberMessage(ctx, inv.id, msg, draftId);
  if (inv.status !== 'open' && inv.status !== 'paused') {
    await note(ctx, inv.id, 'client-replied', `${marker}: payment=${msg.triage.payment}`);
    return { ...base, action: 'noted' };
  }
  if (promised) {
    const done = await applyPromise(ctx, inbox, inv, msg, promised, marker);
    return { ...base, action: done === 'paused-until' ? 'paused-until' : 'paused' };
  }
  const dispute = msg.triage.payment === 'dispute';
  await changeInvoiceStatus(ctx, inv.id, dispute ? 'dispute' : 'pause', 'tactful', {
    detail: `${marker}: client replied (payment=${msg.triage.payment}); waiting for a lead`,
  });
  return { ...base, action: dispute ? 'disputed' : 'paused' };
}

/** The payment-reply draft for the message (created once), replacing an older reply still waiting. */
async function draftReply(
  ctx: AppContext,
  inbox: InboxConfig,
  inv: InvoiceRecord,
  msg: Triaged,
  promisedDate: string | null,
): Promise<string | null> {
  const draft = buildPaymentReply({
    config: ctx.config,
    inbox,
    invoice: inv,
    record: msg,
    promisedDate,
    now: ctx.clock.now(),
  });
  if (!draft) return null;
  const { draft: stored } = await ctx.stores.drafts.createIfAbsent(draft);
  await supersedeOlderReply(ctx, stored);
  return stored.id;
}

async function note(ctx: AppContext, id: string, action: string, detail: string): Promise<void> {
  await ctx.stores.invoices.update(id, (r) => ({
    ...r,
    history: [...r.history, { at: ctx.clock.now().toISOString(), actor: 'tactful', action, detail }],
  }));
}

/** The message in the invoice's list of client mail (what the draft page shows as "the client's last mail"). */
async function rememberMessage(
  ctx: AppContext,
  id: string,
  msg: Triaged,
  draftId: string | null,
): Promise<void> {
  await ctx.stores.invoices.update(id, (r) =>
    r.clientMessages?.some((m) => m.recordId === msg.id)
      ? null
      : {
          ...r,
          clientMessages: [
            ...(r.clientMessages ?? []),
            { recordId: msg.id, receivedAt: msg.triage.receivedAt, payment: msg.triage.payment, draftId },
          ],
        },
  );
}
