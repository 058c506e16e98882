import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { attention } from '../../commitments/service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The nav badge: the signed-in lead's commitments due soon or overdue (null: not counted here). */
    attentionCount: number | null;
  }
}

/** Requests that draw no page with the nav: the live list, the message frame, downloads, the job dashboard. */
const NO_NAV = /^\/(?:queue\/fragment|admin\/queues|static\/)|\/message(?:\?|$)|\.csv(?:\?|$)/;

/**
 * Counts the badge of every page (issue 13, item 2) once per request, before the route runs, so that
 * `renderPage` (synchronous) can put it in the nav. A failure to count leaves the badge out rather than the page.
 */
export function attentionBadge(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('attentionCount', null);
  app.addHook('preHandler', async (req) => {
    if (req.principal?.kind !== 'user' || NO_NAV.test(req.url)) return;
    if (req.method === 'POST' && String(req.headers.accept ?? '').includes('application/json')) return;
    try {
      req.attentionCount = (await attention(ctx, req.principal)).count;
    } catch (err) {
      req.log.warn({ err }, 'could not count the due-soon badge');
    }
  });
}
