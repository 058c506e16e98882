import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { authenticate } from '../../users/sign-in.ts';
import { renderPage } from './render.ts';
import { safeNext } from '../plugins/auth-guard.ts';

interface LoginBody {
  email?: string;
  password?: string;
  next?: string;
}

/**
 * Sign-in attempts per client address and email per minute; more gets a 429 page. Keyed on both so that a
 * whole office behind one NAT address is not locked out by one person's typos, while guessing one account's
 * password stays at 10 a minute per address. Counted in Redis, so every web replica shares the budget.
 */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** Runs as a preHandler (after body parsing) so the email is known. */
export const loginRateLimit = {
  max: LOGIN_ATTEMPTS_PER_MINUTE,
  timeWindow: 60_000,
  hook: 'preHandler' as const,
  keyGenerator: (req: { ip: string; body?: unknown }) => {
    const email = String((req.body as LoginBody | undefined)?.email ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 320);
    return `login|${req.ip}|${email}`;
  },
};

/** Login and logout. Both forms are CSRF-protected (login CSRF would sign a victim into our account). */
export async function loginRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { log } = opts.ctx;

  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => {
    if (req.principal?.kind === 'user') return reply.redirect(safeNext(req.query.next), 303);
    return renderPage(req, reply, './login', {
      title: 'Sign in',
      email: '',
      next: safeNext(req.query.next),
      error: null,
    });
  });

  app.post<{ Body: LoginBody }>(
    '/login',
    {
      preHandler: app.csrfProtection,
      config: { rateLimit: loginRateLimit },
    },
    async (req, reply) => {
      const email = String(req.body?.email ?? '')
        .trim()
        .slice(0, 320);
      const password = String(req.body?.password ?? '').slice(0, 1024);
      const user = await authenticate(opts.ctx, email, password);
      if (!user) {
        log.info({ component: 'web', email }, 'sign-in failed');
        reply.status(401);
        return renderPage(req, reply, './login', {
          title: 'Sign in',
          email,
          next: safeNext(req.body?.next),
          error: 'Wrong email or password.',
        });
      }
      // A fresh session (drops the pre-login CSRF secret: no fixation of anything set before sign-in).
      req.session.regenerate();
      req.session.set('email', user.email);
      req.session.set('epoch', user.epoch);
      reply.generateCsrf(); // the new session's CSRF secret, set in the same cookie as the sign-in
      log.info({ component: 'web', email: user.email }, 'signed in');
      return reply.redirect(safeNext(req.body?.next), 303);
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    req.session.delete();
    return reply.redirect('/login', 303);
  });
}
