import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import securityHeaders from './security-headers.ts';
import session from './session.ts';
import csrf from './csrf.ts';
import openapi from './openapi.ts';
import { renderErrorPage } from '../pages/render.ts';

/**
 * What must exist before any route: security headers, the session (it sets `request.principal` before the
 * /api Bearer hook), CSRF, the OpenAPI collector and the not-found handler (HTML for pages, JSON for /api).
 */
async function foundation(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config } = opts.ctx;
  await app.register(securityHeaders, { https: config.web.secureCookies });
  await app.register(session, { ctx: opts.ctx });
  await app.register(csrf);
  await app.register(openapi);
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: 'not_found', message: 'no such endpoint' });
    }
    return renderErrorPage(req, reply, 404, 'Page not found', 'There is nothing at this address.');
  });
}

export default fp(foundation, { name: 'tactful-web-foundation' });
