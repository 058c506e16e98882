import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { listDrafts } from '../../drafts/service.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';

const DRAFTS = 500;
const ENTRIES = 500;

/**
 * Who approved, edited, rejected or retried what, and when: the audit trail stored in each draft record
 * (kept with the data, not only logged), newest first. `?actor=` narrows to one person.
 */
export async function auditRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get<{ Querystring: { actor?: string; all?: string } }>(
    '/audit',
    { preHandler: requireUser },
    async (req, reply) => {
      const drafts = await listDrafts(ctx, userOf(req), { limit: DRAFTS });
      const actor = typeof req.query.actor === 'string' ? req.query.actor : '';
      const showAutomatic = req.query.all === '1';
      const entries = drafts
        .flatMap((d) => d.audit.map((a) => ({ ...a, draft: d })))
        .filter((e) => (showAutomatic || e.actor !== 'tactful') && (!actor || e.actor === actor))
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
        .slice(0, ENTRIES);
      const zone = Object.fromEntries(ctx.config.inboxes.map((i) => [i.id, i.timezone]));
      return renderPage(req, reply, './audit', {
        title: 'Audit trail',
        nav: 'audit',
        entries,
        actor,
        showAutomatic,
        zone,
      });
    },
  );
}
