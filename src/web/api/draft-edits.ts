import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { getDraft, LIMITS, saveDraftEdits } from '../../drafts/service.ts';
import { othersEditing } from '../../drafts/edit-conflicts.ts';
import { draftVersionParam, draftView, draftViewJson } from './drafts.ts';
import { parseRequest } from './parse-request.ts';
import { describedBy, envelope, errorResponses, idParams, jsonSchemaOf, ok } from './route-schema.ts';

/**
 * Two people on one draft (issue 13, item 7), for API clients and the draft page's script alike:
 *   POST /api/drafts/:id/edits    {subject?, body?, version}  → {draft}: saved without approving; 409
 *                                 `edit_conflict` naming who changed it since `version`, nothing overwritten
 *   POST /api/drafts/:id/editing                              → {editing: [{actor, name}]}: "I have it open";
 *                                 answers who else has (a heartbeat every ~10 s keeps one listed for a minute)
 */

const editBody = z
  .object({
    subject: z.string().max(LIMITS.subject).optional().meta({ description: 'edited subject' }),
    body: z.string().max(LIMITS.body).optional().meta({ description: 'edited body (goes out as written)' }),
    version: draftVersionParam,
  })
  .strict();

const editors = z.object({
  editing: z
    .array(z.object({ actor: z.string(), name: z.string() }))
    .meta({ description: 'the other people with the draft open now (you are not listed)' }),
});

const schemas = {
  edit: describedBy({
    summary: 'Save an edit of a pending draft without approving it (refused if it changed since `version`)',
    params: idParams,
    body: jsonSchemaOf(editBody),
    response: {
      200: ok('The draft as saved, with its new version', envelope('draft', draftViewJson())),
      ...errorResponses(400, 403, 404, 409),
    },
  }),
  editing: describedBy({
    summary: 'Heartbeat of someone with the draft open; answers who else has it open',
    params: idParams,
    response: { 200: ok('Who else is editing', jsonSchemaOf(editors)), ...errorResponses(403, 404) },
  }),
};

const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

export async function draftEditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/drafts/:id/edits', schemas.edit, async (req) => {
    const body = parseRequest(editBody, req.body);
    return { draft: draftView(await saveDraftEdits(ctx, req.principal!, idOf(req), body)) };
  });

  app.post('/api/drafts/:id/editing', schemas.editing, async (req, reply) => {
    const d = await getDraft(ctx, req.principal!, idOf(req));
    reply.header('cache-control', 'no-store');
    return { editing: await othersEditing(ctx, req.principal!, d.id) };
  });
}
