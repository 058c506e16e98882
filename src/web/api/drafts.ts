import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Principal } from '../../access/principal.ts';
import { DRAFT_STATUSES, draftRecord, type DraftRecord } from '../../model/draft-record.ts';
import { approveDraft, getDraft, pageDrafts, rejectDraft, retryDraft, LIMITS } from '../../drafts/service.ts';
import { draftVersion } from '../../drafts/edit-conflicts.ts';
import { cursorParam, parseRequest, statusListParam } from './parse-request.ts';
import {
  describedBy,
  envelope,
  errorResponses,
  idParams,
  jsonSchemaOf,
  ok,
  pageEnvelope,
} from './route-schema.ts';

/**
 * JSON API over drafts (same Bearer tokens as /api/messages; `request.principal` is set by app.ts).
 *   GET  /api/drafts?status=pending&inbox=ID&limit=N&cursor=C  → {drafts, nextCursor}
 *   GET  /api/drafts/:id
 *   POST /api/drafts/:id/approve  {subject?, body?, sendAt? | sendNow?, promisedBy?, version?}
 *                                 → {status:'scheduled', sendAt, notes}; 409 `edit_conflict` naming who changed
 *                                 the draft since `version`
 * Saving an edit and "who else is editing" are in draft-edits.ts.
 *   POST /api/drafts/:id/reject   {reason?}                  → {status:'rejected'}
 *   POST /api/drafts/:id/retry                                → {status:'scheduled', sendAt}
 */

/** The draft's `version` a change starts from (every change raises it): a stale one is refused with 409. */
export const draftVersionParam = z.number().int().min(0).meta({
  description:
    "the draft's `version` you started from: when someone changed the draft since, the answer is 409 `edit_conflict` naming them, and nothing is overwritten",
});

const listQuery = z
  .object({
    status: statusListParam(
      DRAFT_STATUSES,
      `comma-separated, any of ${DRAFT_STATUSES.join(', ')}`,
    ).optional(),
    inbox: z.string().max(100).optional().meta({ description: 'inbox id; default every inbox you may see' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'page size, default 100' }),
    cursor: cursorParam,
  })
  .strict();

const approveBody = z
  .object({
    subject: z.string().max(LIMITS.subject).optional().meta({ description: 'edited subject' }),
    body: z.string().max(LIMITS.body).optional().meta({ description: 'edited body' }),
    sendAt: z
      .string()
      .max(64)
      .optional()
      .meta({
        description:
          'ISO timestamp with offset; default the next office-hours opening. Refused (400) when in the past or ' +
          'after the promised answer time; moved forward to the next opening (with a note) when the office is closed',
      }),
    sendNow: z.boolean().optional().meta({
      description:
        'send at once, even outside office hours (a note then says the client learns night answers are possible); not with sendAt',
    }),
    promisedBy: z.string().max(64).optional().meta({
      description:
        'ISO timestamp: a new promised answer time for a reply that promises one (angry mail); the text follows. Must be in the future',
    }),
    version: draftVersionParam.optional(),
  })
  .strict();

const rejectBody = z.object({ reason: z.string().max(LIMITS.reason).optional() }).strict();

/**
 * The fields `draftView` shows, picked one by one: threading and rendering internals (how the text is rendered
 * again at send time, whether a lead edited it, which re-draft of a reminder step it is, follow-up bookkeeping)
 * and any field added to the record later stay out, so the API answer stays what clients know.
 */
const draftViewSchema = draftRecord
  .pick({
    id: true,
    inbox: true,
    messageId: true,
    recordId: true,
    invoiceId: true,
    step: true,
    kind: true,
    language: true,
    to: true,
    cc: true,
    subject: true,
    body: true,
    unattended: true,
    sendAt: true,
    status: true,
    error: true,
    promisedBy: true,
    priority: true,
    createdAt: true,
    updatedAt: true,
    sentAt: true,
    audit: true,
  })
  .extend({
    version: z.number().int().meta({
      description:
        'changes with every edit, approval or other change; send it back with a save or an approval',
    }),
  });
const scheduled = z.object({ status: z.literal('scheduled'), sendAt: z.string() });
const approved = scheduled.extend({
  notes: z.array(z.string()).meta({
    description:
      'what the lead should know about the time: sent outside office hours, moved to the next opening; often empty',
  }),
});

const schemas = {
  list: describedBy({
    summary: 'List drafts (review queue order)',
    querystring: jsonSchemaOf(listQuery),
    response: {
      200: ok('One page of drafts, newest first', pageEnvelope('drafts', jsonSchemaOf(draftViewSchema))),
      ...errorResponses(400, 404),
    },
  }),
  get: describedBy({
    summary: 'One draft',
    params: idParams,
    response: {
      200: ok('The draft', envelope('draft', jsonSchemaOf(draftViewSchema))),
      ...errorResponses(404),
    },
  }),
  approve: describedBy({
    summary: 'Approve a pending draft (optionally edited): sent at the next opening, at sendAt, or now',
    params: idParams,
    body: jsonSchemaOf(approveBody),
    response: {
      200: ok('Scheduled, with notes about the time', jsonSchemaOf(approved)),
      ...errorResponses(400, 403, 404, 409),
    },
  }),
  reject: describedBy({
    summary: 'Reject a pending draft; it is never sent',
    params: idParams,
    body: jsonSchemaOf(rejectBody),
    response: {
      200: ok('Rejected', jsonSchemaOf(z.object({ status: z.literal('rejected') }))),
      ...errorResponses(400, 403, 404, 409),
    },
  }),
  retry: describedBy({
    summary: 'Schedule a failed draft again',
    params: idParams,
    response: { 200: ok('Scheduled', jsonSchemaOf(scheduled)), ...errorResponses(403, 404, 409) },
  }),
};

/** What the API shows of a draft: everything but internals a client has no use for (`draftViewSchema`). */
export const draftViewJson = () => jsonSchemaOf(draftViewSchema);

export function draftView(d: DraftRecord): z.infer<typeof draftViewSchema> {
  return {
    id: d.id,
    inbox: d.inbox,
    messageId: d.messageId,
    recordId: d.recordId,
    invoiceId: d.invoiceId,
    step: d.step,
    kind: d.kind,
    language: d.language,
    to: d.to,
    cc: d.cc,
    subject: d.subject,
    body: d.body,
    unattended: d.unattended,
    sendAt: d.sendAt,
    status: d.status,
    error: d.error,
    promisedBy: d.promisedBy,
    priority: d.priority,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    sentAt: d.sentAt,
    audit: d.audit,
    version: draftVersion(d),
  };
}

const who = (req: FastifyRequest): Principal => req.principal!;
const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

export async function draftRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/api/drafts', schemas.list, async (req) => {
    const page = await pageDrafts(ctx, who(req), parseRequest(listQuery, req.query));
    return { drafts: page.items.map(draftView), nextCursor: page.nextCursor };
  });

  app.get('/api/drafts/:id', schemas.get, async (req) => ({
    draft: draftView(await getDraft(ctx, who(req), idOf(req))),
  }));

  app.post('/api/drafts/:id/approve', schemas.approve, async (req) => {
    const body = parseRequest(approveBody, req.body);
    const r = await approveDraft(ctx, who(req), idOf(req), body);
    return { status: r.status, sendAt: r.sendAt, notes: r.notes };
  });

  app.post('/api/drafts/:id/reject', schemas.reject, async (req) => {
    const body = parseRequest(rejectBody, req.body);
    const r = await rejectDraft(ctx, who(req), idOf(req), body.reason);
    return { status: r.status };
  });

  app.post('/api/drafts/:id/retry', schemas.retry, async (req) => {
    const r = await retryDraft(ctx, who(req), idOf(req));
    return { status: r.status, sendAt: r.sendAt };
  });
}
