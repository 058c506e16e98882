import fp from 'fastify-plugin';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF tokens kept in the encrypted session. Page forms carry `_csrf`; pages check it with
 * `app.csrfProtection` in their preHandler. A logged-in lead may also call the JSON API with the session
 * cookie; such unsafe calls must send the token in `x-csrf-token` (Bearer-token calls are not
 * cookie-authenticated and need none).
 */
async function csrfPlugin(app: FastifyInstance) {
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });
  app.addHook('preHandler', (req, reply, done) => {
    if (!req.viaSession || SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/')) return done();
    app.csrfProtection(req, reply, done);
  });
}

export default fp(csrfPlugin, { name: 'tactful-csrf', dependencies: ['tactful-session'] });
