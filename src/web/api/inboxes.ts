import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { listInboxes } from '../../inboxes/inbox-list.ts';

/** `GET /api/inboxes`: every inbox's login kind and state, for admins and API tokens; never a secret. */
export async function inboxApiRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/inboxes',
    {
      schema: {
        summary: 'Inboxes, how they sign in and their state (connected, needs sign-in again, paused, …)',
        tags: ['inboxes'],
      },
    },
    async (req) => {
      if (req.principal?.role !== 'admin') throw new SafeError('forbidden', 'admins only', 403);
      return { items: await listInboxes(ctx) };
    },
  );
}
