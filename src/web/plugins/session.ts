import fp from 'fastify-plugin';
import secureSession from '@fastify/secure-session';
import { hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { sessionPrincipal } from '../../users/sign-in.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The logged-in user's email; the principal is rebuilt from config on every request. */
    email: string;
    /** The user's session epoch at sign-in (web-managed users): a password reset ends older sessions. */
    epoch: number;
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
 * Encrypted, authenticated cookie sessions. Holds only the email, epoch and CSRF secret; who the user is and
 * which inboxes they may see is read on every request (config file, or the user store for users added in the
 * web view), so removing a user signs them out at their next request. Runs as an onRequest hook registered before the /api Bearer hook in app.ts.
 */
async function session(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { config } = opts.ctx;
  await app.register(secureSession, {
    key: sessionKey(config.web.sessionSecret),
    cookieName: SESSION_COOKIE,
    expiry: 12 * 3600,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.web.secureCookies,
    },
  });
  app.decorateRequest('viaSession', false);
  app.addHook('onRequest', async (req) => {
    const email = req.session.get('email');
    if (!email || req.principal) return;
    const principal = await sessionPrincipal(opts.ctx, { email, epoch: req.session.get('epoch') ?? 0 });
    if (!principal) {
      req.session.delete(); // removed (config or web view), or the password was reset since
      return;
    }
    req.principal = principal;
    req.viaSession = true;
  });
}

export default fp(session, { name: 'tactful-session' });
