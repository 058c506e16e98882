import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { listMessages } from '../../messages/service.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

/** How many of the newest messages the page shows (across the user's inboxes; the API pages further). */
const SHOWN = 100;

/** Recently ingested messages of the user's inboxes with their triage, newest first. */
export async function messagesRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get('/messages', { preHandler: requireUser }, async (req, reply) => {
    const { items: messages } = await listMessages(ctx, userOf(req), { limit: SHOWN });
    const zone = Object.fromEntries(ctx.config.inboxes.map((i) => [i.id, i.timezone]));
    return renderPage(req, reply, './messages', {
      title: 'Messages',
      nav: 'messages',
      messages,
      zone,
      now: ctx.clock.now(),
    });
  });
}
