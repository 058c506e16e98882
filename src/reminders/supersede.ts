import type { AppContext } from '../context.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { moveDraft } from '../drafts/transitions.ts';
import { baseSubject } from '../mail/threading.ts';

/** What a payment reply replaces when it is newer: a note that we are out of the office, or an older reply. */
const COVERED: ReadonlySet<DraftRecord['kind']> = new Set(['after-hours', 'payment-reply']);

/**
 * The client wrote again about the invoice before the previous answer went out: the older draft (an after-hours
 * note, or a lead's payment reply not yet approved) is stale and would arrive next to the new one, so it is
 * cancelled — the same rule the draft job applies to acknowledgements, on the same newest-draft-per-client index.
 * An angry reply is left alone: it carries its own promise. Only the same conversation counts: the same invoice,
 * a thread that contains the old message, or the same base subject.
 */
export async function supersedeOlderReply(ctx: AppContext, d: DraftRecord): Promise<void> {
  const previous = await ctx.stores.latestDrafts.swap(d.inbox, d.to, d.id);
  if (!previous || previous === d.id) return;
  const old = await ctx.stores.drafts.get(previous);
  if (!old || old.createdAt > d.createdAt || !COVERED.has(old.kind)) return;
  const same =
    (old.invoiceId !== null && old.invoiceId === d.invoiceId) ||
    (old.messageId !== null && d.references.includes(old.messageId)) ||
    baseSubject(old.subject).toLowerCase() === baseSubject(d.subject).toLowerCase();
  if (!same) return;
  await moveDraft(ctx.stores.drafts, previous, 'supersede', {
    actor: 'tactful',
    detail: `the client wrote again about the invoice; replaced by draft ${d.id}`,
  });
}
