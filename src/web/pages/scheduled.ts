import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { listDrafts } from '../../drafts/service.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

const LIMIT = 200;

/** What goes out when (soonest first), what went out (latest first), and failures with a retry button. */
export async function scheduledRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get('/scheduled', { preHandler: requireUser }, async (req, reply) => {
    const p = userOf(req);
    const [upcoming, sent, failed] = await Promise.all([
      listDrafts(ctx, p, { status: ['scheduled', 'sending'], limit: LIMIT }),
      listDrafts(ctx, p, { status: ['sent'], limit: LIMIT }),
      listDrafts(ctx, p, { status: ['failed'], limit: LIMIT }),
    ]);
    const at = (s: string | null) => (s ? Date.parse(s) : 0);
    upcoming.sort((a, b) => at(a.sendAt) - at(b.sendAt));
    sent.sort((a, b) => at(b.sentAt) - at(a.sentAt));
    const zone = Object.fromEntries(ctx.config.inboxes.map((i) => [i.id, i.timezone]));
    return renderPage(req, reply, './scheduled', {
      title: 'Scheduled and sent',
      nav: 'scheduled',
      upcoming,
      sent,
      failed,
      zone,
    });
  });
}
