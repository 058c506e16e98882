import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { addClientNote } from '../../commitments/client-record.ts';
import { requireUser, safeNext, userOf } from '../plugins/auth-guard.ts';
import { clientPageData } from './client-view.ts';
import { renderPage } from './render.ts';

interface NoteForm {
  inbox?: string;
  address?: string;
  text?: string;
  back?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
export const clientPath = (address: string) => `/clients/${encodeURIComponent(address.toLowerCase())}`;

/**
 * The client record (issue 13, item 5): `/clients/<address>` for one client, `/clients?domain=client.test` for
 * everyone at a company, `/clients` to look one up. Notes by leads are added with a plain form (CSRF).
 */
export async function clientRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guard = { preHandler: requireUser };

  app.get<{ Params: { address: string } }>('/clients/:address', guard, async (req, reply) => {
    const data = await clientPageData(ctx, userOf(req), { address: req.params.address.trim() });
    return renderPage(req, reply, './client', { ...data, nav: 'clients' });
  });

  app.get<{ Querystring: { domain?: string; q?: string } }>('/clients', guard, async (req, reply) => {
    const q = str(req.query.q);
    if (q.includes('@')) return reply.redirect(clientPath(q), 303);
    const domain = str(req.query.domain) || q;
    if (!domain) return renderPage(req, reply, './client-find', { title: 'Clients', nav: 'clients' });
    const data = await clientPageData(ctx, userOf(req), { domain: domain.toLowerCase() });
    return renderPage(req, reply, './client', { ...data, nav: 'clients' });
  });

  app.post<{ Body: NoteForm }>(
    '/clients/notes',
    { preHandler: [requireUser, app.csrfProtection] },
    async (req, reply) => {
      const address = str(req.body?.address).toLowerCase();
      const back = safeNext(req.body?.back ?? (address ? clientPath(address) : undefined));
      try {
        await addClientNote(ctx, userOf(req), {
          inbox: str(req.body?.inbox),
          address,
          text: typeof req.body?.text === 'string' ? req.body.text : '',
        });
        req.session.set('flash', 'Note added.');
      } catch (err) {
        if (!(err instanceof SafeError) || err.status !== 400) throw err;
        req.session.set('flash', `The note was not added: ${err.message}.`);
      }
      return reply.redirect(back, 303);
    },
  );
}
