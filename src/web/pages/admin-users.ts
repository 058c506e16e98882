import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import {
  addUser,
  assignInboxes,
  listUsers,
  removeUser,
  resetPassword,
  MIN_PASSWORD,
} from '../../users/user-service.ts';
import { requireAdmin, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

const emailParam = z.object({ email: z.string().min(3).max(254) });
function emailOf(req: FastifyRequest): string {
  const p = emailParam.safeParse(req.params);
  if (!p.success) throw new SafeError('not_found', 'No such user.', 404);
  return p.data.email;
}

/**
 * Admin page for people: leads and admins added here can sign in at once (on every node); one removed is
 * signed out at their next request; a password reset ends their sessions. Config-file users are shown only.
 */
export async function adminUserRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guarded = { preHandler: [requireAdmin, app.csrfProtection] };

  async function page(req: FastifyRequest, reply: Parameters<typeof renderPage>[1], problem: string | null) {
    return renderPage(req, reply, './admin-users', {
      title: 'Users',
      nav: 'admin',
      users: await listUsers(ctx),
      inboxes: ctx.config.inboxes.map((i) => i.id),
      minPassword: MIN_PASSWORD,
      problem,
    });
  }

  /** Expected problems (short password, taken email) re-render the page with the message. */
  async function attempt(
    req: FastifyRequest,
    reply: Parameters<typeof renderPage>[1],
    done: string,
    fn: () => Promise<void>,
  ) {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof SafeError)) throw err;
      reply.status(err.status);
      return page(req, reply, err.message);
    }
    req.session.set('flash', done);
    return reply.redirect('/admin/users', 303);
  }

  app.get('/admin/users', { preHandler: requireAdmin }, async (req, reply) => page(req, reply, null));

  app.post<{ Body: Body }>('/admin/users', guarded, async (req, reply) => {
    const b = req.body ?? {};
    const email = one(b.email).trim();
    return attempt(req, reply, `${email} added: they can sign in now.`, () =>
      addUser(ctx, userOf(req).actor, {
        email,
        name: one(b.name),
        role: one(b.role) === 'admin' ? 'admin' : 'lead',
        inboxes: many(b.inboxes),
        password: one(b.password),
      }),
    );
  });

  app.post<{ Body: Body }>('/admin/users/:email/inboxes', guarded, async (req, reply) => {
    const email = emailOf(req);
    return attempt(req, reply, `Inboxes of ${email} saved.`, () =>
      assignInboxes(ctx, userOf(req).actor, email, many(req.body?.inboxes)),
    );
  });

  app.post<{ Body: Body }>('/admin/users/:email/password', guarded, async (req, reply) => {
    const email = emailOf(req);
    return attempt(req, reply, `New password set for ${email}; their other sessions have ended.`, () =>
      resetPassword(ctx, userOf(req).actor, email, one(req.body?.password)),
    );
  });

  app.post('/admin/users/:email/remove', guarded, async (req, reply) => {
    const email = emailOf(req);
    return attempt(req, reply, `${email} removed.`, () => removeUser(ctx, userOf(req).actor, email));
  });
}
