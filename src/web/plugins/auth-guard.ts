import type { FastifyReply, FastifyRequest } from 'fastify';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { renderErrorPage } from '../pages/render.ts';

/** Pages need a logged-in user; anyone else goes to the login page and comes back afterwards. */
export async function requireUser(req: FastifyRequest, reply: FastifyReply) {
  if (req.principal?.kind === 'user') return;
  const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
  return reply.redirect(`/login${next}`, 303);
}

/**
 * Admin pages: a logged-in admin, else a 403 page (after the login redirect for anonymous visitors).
 * Answers directly instead of throwing: bull-board's scope has its own error handler, which would say 500.
 */
export async function requireAdmin(req: FastifyRequest, reply: FastifyReply) {
  if (req.principal?.kind !== 'user') return requireUser(req, reply);
  if (req.principal.role !== 'admin')
    return renderErrorPage(req, reply, 403, 'Not allowed', 'This page is for admins.');
}

/** The page's principal after requireUser ran. */
export function userOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new SafeError('unauthorized', 'Please log in.', 401);
  return req.principal;
}

/** Only same-site relative paths are followed after login (no open redirect via `next`). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/queue';
}
