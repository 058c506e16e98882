import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { completeOAuth } from '../../inboxes/inbox-service.ts';
import { requireAdmin, userOf } from '../plugins/auth-guard.ts';
import { renderErrorPage } from './render.ts';

/**
 * The redirect URL registered with each provider. The random `state` (stored server-side, single use, only for
 * the admin who started the sign-in) is this GET's CSRF protection; the code is useless without the PKCE
 * verifier that never left the server. The route logs nothing below warn: its URL carries the code.
 */
export async function oauthCallbackRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get('/oauth/callback', { preHandler: requireAdmin, logLevel: 'warn' }, async (req, reply) => {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    try {
      const id = await completeOAuth(ctx, userOf(req).actor, query);
      req.session.set('flash', `Signed in: inbox ${id} is connected. New mail is read within seconds.`);
      return reply.redirect(`/admin/inboxes/${id}`, 303);
    } catch (err) {
      if (!(err instanceof SafeError)) throw err;
      return renderErrorPage(req, reply, err.status, 'Sign-in did not work', err.message);
    }
  });
}
