import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { messageRecord, type MessageRecord } from '../../model/message-record.ts';
import { canAccessInbox, visibleInboxes } from '../../access/principal.ts';
import { describedBy, envelope, errorResponses, jsonSchemaOf, ok } from './route-schema.ts';

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;
const SNIPPET = 200;

/** What `messageView` shows. */
const messageViewSchema = messageRecord
  .pick({ id: true, inbox: true, messageId: true, from: true, to: true, cc: true, subject: true })
  .extend(messageRecord.pick({ date: true, inReplyTo: true, size: true, triage: true, error: true }).shape)
  .extend({
    receivedAt: z.string().meta({ description: 'IMAP INTERNALDATE, ISO' }),
    attachments: z.number().int().meta({ description: 'how many' }),
    snippet: z.string().max(SNIPPET).meta({ description: 'start of the text, whitespace collapsed' }),
  });

/** `limit`: whole digits only (no `1e2`, no sign), 1…MAX_LIMIT. */
const limitParam = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(MAX_LIMIT));

const listQuery = z.object({
  inbox: z.string().optional().meta({ description: 'inbox id; default every inbox you may see' }),
  limit: limitParam.optional().meta({ description: `whole number 1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}` }),
});

const listSchema = describedBy({
  summary: 'Ingested messages with their triage, newest first',
  tags: ['messages'],
  querystring: jsonSchemaOf(listQuery),
  response: {
    200: ok('The messages', envelope('messages', { type: 'array', items: jsonSchemaOf(messageViewSchema) })),
    ...errorResponses(400, 403),
  },
});

/** The API view of a record: what a list needs, not the whole body. */
export function messageView(r: MessageRecord): z.infer<typeof messageViewSchema> {
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
  const r = limitParam.safeParse(raw);
  if (!r.success) throw new SafeError('bad_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return r.data;
}

/** `GET /api/messages?inbox=ID&limit=N`: newest first; without `inbox`, every inbox the caller may see. */
export function registerMessagesApi(app: FastifyInstance, ctx: AppContext): void {
  const store = ctx.stores.messages;
  app.get('/api/messages', listSchema, async (req) => {
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
