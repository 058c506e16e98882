import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { Principal } from '../../access/principal.ts';
import { listDrafts, previewSendAt } from '../../drafts/service.ts';
import { findMessage } from '../../messages/service.ts';
import { findInvoice } from '../../reminders/invoice-queries.ts';
import { ladderSteps } from '../../reminders/calendar.ts';
import type { InvoiceRecord } from '../../model/invoice-record.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import type { MessageRecord } from '../../model/message-record.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { groupQueue, queueFingerprint } from './queue-groups.ts';
import { inboxZone, renderPage, renderPartial } from './render.ts';
import { draftOwners, loadAttention, type AttentionSection } from './attention-view.ts';

export interface QueueItem {
  draft: DraftRecord;
  message: MessageRecord | null;
  /** The client's name: the person who wrote, else the invoice's client (person or company), else the address. */
  client: string;
  /** The client's address: the name links to their client record. */
  address: string;
  /** The lead who took the thread ("mine"), if one did. */
  owner: { owner: string; mine: boolean } | null;
  /** The invoice's client when it names someone else than `client` (a company beside the person who wrote). */
  company: string | null;
  /** "Invoice 2026-118 · step 2 of 4", "Invoice 2026-118 · the client disputes it"; null for other drafts. */
  invoice: string | null;
  /** When it would go out if approved now (the drafts service's `previewSendAt`), ISO. */
  goesOut: string;
  zone: string;
}

const QUEUE_LIMIT = 500;

const pendingDrafts = (ctx: AppContext, p: Principal) =>
  listDrafts(ctx, p, { status: ['pending'], limit: QUEUE_LIMIT });

/**
 * Pending drafts of the principal's inboxes, with the client's message for the preview, and above them the
 * "Due soon / Overdue" commitments.
 */
export async function loadQueue(ctx: AppContext, p: Principal) {
  const drafts = await pendingDrafts(ctx, p);
  const now = ctx.clock.now();
  const [attention, owners] = await Promise.all([loadAttention(ctx, p, drafts), draftOwners(ctx, p, drafts)]);
  const items: QueueItem[] = await Promise.all(
    drafts.map(async (draft) => {
      const message = await findMessage(ctx, p, draft.recordId);
      const inv = draft.invoiceId ? await findInvoice(ctx, p, draft.invoiceId) : null;
      const client = message?.from?.name || inv?.client.name || message?.from?.address || draft.to;
      // The same answer approval gives: a payment reminder keeps the client's office hours.
      const goesOut = (await previewSendAt(ctx, draft)).toISOString();
      return {
        draft,
        message,
        client,
        address: (message?.from?.address || inv?.client.email || draft.to).toLowerCase(),
        owner: owners.get(draft.id) ?? null,
        company: inv && inv.client.name !== client ? inv.client.name : null,
        invoice: inv ? invoiceLine(ctx, inv, draft, message) : null,
        goesOut,
        zone: inboxZone(ctx.config, draft.inbox),
      };
    }),
  );
  const groups = groupQueue(items);
  const fingerprint = createHash('sha256')
    .update(queueFingerprint(drafts))
    .update(attentionFingerprint(attention, items))
    .digest('hex')
    .slice(0, 16);
  return { groups, fingerprint, total: drafts.length, now, attention };
}

/** The live view also swaps the list when a deadline's words, an owner or the due-soon section change. */
const attentionFingerprint = (a: AttentionSection, items: QueueItem[]) =>
  [
    ...a.rows.map((r) => `${r.id}:${r.kind}:${r.deadline.text}:${r.owner ?? ''}:${r.draftId ?? ''}`),
    ...items.map((i) => `${i.draft.id}:${i.owner?.owner ?? ''}`),
  ].join('|');

const PAYMENT_TALK: Record<string, string> = {
  promise: 'the client promises to pay',
  paid: 'the client says it is paid',
  dispute: 'the client disputes it',
  extension: 'the client asks for more time',
};

/** What a payment row is about, by invoice number (never the internal id) and ladder step. */
function invoiceLine(ctx: AppContext, inv: InvoiceRecord, d: DraftRecord, m: MessageRecord | null): string {
  const inbox = ctx.config.inboxes.find((i) => i.id === inv.inbox);
  if (d.kind === 'payment-reminder') {
    const of = inbox ? ` of ${ladderSteps(inbox, inv.client).length}` : '';
    return `Invoice ${inv.number} · reminder step ${d.step ?? '?'}${of}`;
  }
  const talk = m?.triage ? PAYMENT_TALK[m.triage.payment] : undefined;
  return `Invoice ${inv.number} · ${talk ?? 'the client wrote about it'}`;
}

/** The ids of the pending drafts in review order (the draft page's "Next draft"). */
export async function queueOrder(ctx: AppContext, p: Principal): Promise<string[]> {
  const groups = groupQueue((await pendingDrafts(ctx, p)).map((draft) => ({ draft })));
  return groups.flatMap((g) => g.items.map((i) => i.draft.id));
}

/** The review queue; `/queue/fragment` is the same list without the layout, for the live refresh. */
export async function queueRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get('/queue', { preHandler: requireUser }, async (req, reply) => {
    const q = await loadQueue(ctx, userOf(req));
    return renderPage(req, reply, './queue', { title: 'Review queue', nav: 'queue', ...q });
  });
  app.get('/queue/fragment', { preHandler: requireUser }, async (req, reply) => {
    const q = await loadQueue(ctx, userOf(req));
    reply.header('cache-control', 'no-store');
    // The section's Take and "No answer needed" forms need the session's CSRF token like the page's.
    const html = renderPartial('./queue-list', { ...q, csrf: reply.generateCsrf() });
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
