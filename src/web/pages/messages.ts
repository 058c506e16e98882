import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { visibleInboxes } from '../../access/principal.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

const PER_INBOX = 50;

/** Recently ingested messages of the user's inboxes with their triage, newest first. */
export async function messagesRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const store = ctx.stores.messages;
  app.get('/messages', { preHandler: requireUser }, async (req, reply) => {
    const inboxes = visibleInboxes(userOf(req), ctx.config);
    const lists = await Promise.all(inboxes.map((id) => store.list(id, PER_INBOX)));
    const messages = lists
      .flat()
      .sort((a, b) => Date.parse(b.internalDate) - Date.parse(a.internalDate))
      .slice(0, PER_INBOX * 2);
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
