import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { MessageStore } from '../../store/messages.ts';
import type { MessageRecord } from '../../store/message-record.ts';
import { canAccessInbox, visibleInboxes } from '../principal.ts';

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;
const SNIPPET = 200;

/** The API view of a record: what a list needs, not the whole body. */
export function messageView(r: MessageRecord) {
  return {
    id: r.id,
    inbox: r.inbox,
    messageId: r.messageId,
    from: r.from,
    to: r.to,
    cc: r.cc,
    subject: r.subject,
    date: r.date,
    receivedAt: r.internalDate,
    inReplyTo: r.inReplyTo,
    size: r.size,
    attachments: r.attachments.length,
    snippet: r.text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET),
    triage: r.triage,
    error: r.error,
  };
}

function parseLimit(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new SafeError('bad_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

/** `GET /api/messages?inbox=ID&limit=N`: newest first; without `inbox`, every inbox the caller may see. */
export function registerMessagesApi(app: FastifyInstance, ctx: AppContext): void {
  const store = new MessageStore(ctx.redis, ctx.keys);
  app.get('/api/messages', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const limit = parseLimit(q.limit);
    const principal = req.principal!;
    let inboxes: string[];
    if (q.inbox !== undefined) {
      const id = String(q.inbox);
      if (!ctx.config.inboxes.some((i) => i.id === id))
        throw new SafeError('unknown_inbox', `no inbox "${id.slice(0, 64)}"`, 400);
      if (!canAccessInbox(principal, id))
        throw new SafeError('forbidden', `you may not read inbox "${id}"`, 403);
      inboxes = [id];
    } else inboxes = visibleInboxes(principal, ctx.config);
    const lists = await Promise.all(inboxes.map((id) => store.list(id, limit)));
    const messages = lists
      .flat()
      .sort((a, b) => Date.parse(b.internalDate) - Date.parse(a.internalDate))
      .slice(0, limit)
      .map(messageView);
    return { messages };
  });
}
