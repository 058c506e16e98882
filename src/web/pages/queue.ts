import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { listDrafts } from '../../drafts/service.ts';
import { inboxCalendar, scheduleSendAt } from '../../drafts/send-at.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import type { MessageRecord } from '../../model/message-record.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { groupQueue, queueFingerprint } from './queue-groups.ts';
import { renderPage, renderPartial } from './render.ts';

export interface QueueItem {
  draft: DraftRecord;
  message: MessageRecord | null;
  client: string;
  /** When it would go out if approved now (the next opening), ISO. */
  goesOut: string;
  zone: string;
}

const QUEUE_LIMIT = 500;

/** Pending drafts of the principal's inboxes, with the client's message for the preview. */
export async function loadQueue(ctx: AppContext, req: Parameters<typeof userOf>[0]) {
  const drafts = await listDrafts(ctx, userOf(req), { status: ['pending'], limit: QUEUE_LIMIT });
  const messages = ctx.stores.messages;
  const now = ctx.clock.now();
  const items: QueueItem[] = await Promise.all(
    drafts.map(async (draft) => {
      const message = draft.recordId ? await messages.get(draft.recordId) : null;
      const inbox = ctx.config.inboxes.find((i) => i.id === draft.inbox);
      const zone = inbox?.timezone ?? 'UTC';
      const goesOut = inbox ? scheduleSendAt(inboxCalendar(inbox), now).toISOString() : now.toISOString();
      const client = message?.from?.name || message?.from?.address || draft.to;
      return { draft, message, client, goesOut, zone };
    }),
  );
  const groups = groupQueue(items);
  const fingerprint = createHash('sha256').update(queueFingerprint(drafts)).digest('hex').slice(0, 16);
  return { groups, fingerprint, total: drafts.length, now };
}

/** The review queue; `/queue/fragment` is the same list without the layout, for the live refresh. */
export async function queueRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get('/queue', { preHandler: requireUser }, async (req, reply) => {
    const q = await loadQueue(ctx, req);
    return renderPage(req, reply, './queue', { title: 'Review queue', nav: 'queue', ...q });
  });
  app.get('/queue/fragment', { preHandler: requireUser }, async (req, reply) => {
    const q = await loadQueue(ctx, req);
    reply.header('cache-control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(renderPartial('./queue-list', q));
  });
}
