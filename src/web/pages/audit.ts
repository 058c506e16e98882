import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { listDrafts } from '../../drafts/service.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { actorName, auditLine } from './audit-words.ts';
import { inboxZone, renderPage } from './render.ts';

const DRAFTS = 500;
const ENTRIES = 500;

/**
 * Who approved, edited, rejected or retried what, and when: the audit trail stored in each draft record
 * (kept with the data, not only logged), newest first, in words ("Approved by Lena Lead — goes out Tue 24 Nov,
 * 09:00") on each inbox's clock. `?actor=` narrows to one person (their e-mail, `api:<name>` or `tactful`).
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
      const all = drafts.flatMap((d) => d.audit.map((a) => ({ ...a, draft: d })));
      const entries = all
        .filter((e) => (showAutomatic || e.actor !== 'tactful') && (!actor || e.actor === actor))
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
        .slice(0, ENTRIES)
        .map((e) => ({ ...auditLine(ctx.config, e, inboxZone(ctx.config, e.draft.inbox)), draft: e.draft }));
      // Everyone who appears in the trail, by name, for the filter.
      const people = [...new Set(all.map((e) => e.actor))]
        .map((a) => ({ actor: a, name: actorName(ctx.config, a) }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return renderPage(req, reply, './audit', {
        title: 'Audit trail',
        nav: 'audit',
        entries,
        actor,
        people,
        showAutomatic,
      });
    },
  );
}
