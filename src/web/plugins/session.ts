import fp from 'fastify-plugin';
import secureSession from '@fastify/secure-session';
import { hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/schema.ts';
import { principalForUser } from '../../access/principal.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The logged-in user's email; the principal is rebuilt from config on every request. */
    email: string;
    /** One-shot message for the next page (e.g. "Approved — goes out Mon 09:00"). */
    flash: string;
    _csrf: string;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** True when `principal` came from the session cookie (not a Bearer token): unsafe API calls need CSRF. */
    viaSession: boolean;
  }
}

export const SESSION_COOKIE = 'tactful_session';

/** 32-byte key for secure-session (libsodium secretbox) derived from the configured secret. */
export function sessionKey(secret: string | undefined): Buffer {
  if (!secret) return randomBytes(32); // sessions then end when the process restarts (documented in schema)
  return Buffer.from(hkdfSync('sha256', secret, 'tactful', 'secure-session cookie key v1', 32));
}

/**
 * Encrypted, authenticated cookie sessions. Holds only the email and CSRF secret; who the user is and which
 * inboxes they may see is read from the config on every request, so removing a user from the config logs
 * them out at once. Runs as an onRequest hook registered before the /api Bearer hook in app.ts.
 */
async function session(app: FastifyInstance, opts: { config: Config }) {
  await app.register(secureSession, {
    key: sessionKey(opts.config.web.sessionSecret),
    cookieName: SESSION_COOKIE,
    expiry: 12 * 3600,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.config.web.secureCookies,
    },
  });
  app.decorateRequest('viaSession', false);
  app.addHook('onRequest', async (req) => {
    const email = req.session.get('email');
    if (!email || req.principal) return;
    const principal = principalForUser(email, opts.config);
    if (!principal) {
      req.session.delete(); // user was removed from the config
      return;
    }
    req.principal = principal;
    req.viaSession = true;
  });
}

export default fp(session, { name: 'tactful-session' });
