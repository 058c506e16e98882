import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { messageRecord, type MessageRecord } from '../../model/message-record.ts';
import { listMessages, MESSAGE_PAGE } from '../../messages/service.ts';
import { cursorParam, fieldProblem, parseRequest } from './parse-request.ts';
import { describedBy, errorResponses, jsonSchemaOf, ok, pageEnvelope } from './route-schema.ts';

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

/** `limit`: whole digits only (no `1e2`, no sign), 1…max; answered with its own code, `bad_limit`, as always. */
const limitParam = z
  .string()
  .transform((s, ctx) => {
    const n = /^\d{1,6}$/.test(s) ? Number(s) : 0;
    if (n >= 1 && n <= MESSAGE_PAGE.max) return n;
    ctx.addIssue(fieldProblem('bad_limit', `limit must be a whole number from 1 to ${MESSAGE_PAGE.max}`));
    return z.NEVER;
  })
  .meta({ description: `whole number 1–${MESSAGE_PAGE.max}, default ${MESSAGE_PAGE.default}` });

const listQuery = z.object({
  inbox: z.string().max(100).optional().meta({ description: 'inbox id; default every inbox you may see' }),
  limit: limitParam.optional(),
  cursor: cursorParam,
});

const listSchema = describedBy({
  summary: 'Ingested messages with their triage, newest first',
  tags: ['messages'],
  querystring: jsonSchemaOf(listQuery),
  response: {
    200: ok('One page of messages', pageEnvelope('messages', jsonSchemaOf(messageViewSchema))),
    ...errorResponses(400, 404),
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

/**
 * `GET /api/messages?inbox=ID&limit=N&cursor=C`: newest first; without `inbox`, every inbox the caller may see
 * (merged by arrival). An inbox the caller may not see is a 404, like one that does not exist.
 */
export function registerMessagesApi(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/messages', listSchema, async (req) => {
    const q = parseRequest(listQuery, req.query);
    const page = await listMessages(ctx, req.principal!, q);
    return { messages: page.items.map(messageView), nextCursor: page.nextCursor };
  });
}
