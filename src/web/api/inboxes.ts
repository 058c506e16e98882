import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { listInboxes } from '../../inboxes/inbox-list.ts';
import { describedBy, envelope, errorBody, errorResponses, ok } from './route-schema.ts';

const inboxView = {
  type: 'object',
  required: ['id', 'address', 'source', 'login', 'paused', 'state', 'lastSyncAt', 'signInAgain'],
  properties: {
    id: { type: 'string' },
    address: { type: 'string' },
    source: { type: 'string', enum: ['config', 'web'], description: 'config file (read-only) or web view' },
    login: { type: 'string', description: 'password or OAuth provider and account; never a secret' },
    paused: { type: 'boolean' },
    state: {
      type: 'string',
      description: '`connected`, `needs sign-in again`, `paused`, `connecting`, or the last connection error',
    },
    lastSyncAt: { type: 'string', nullable: true },
    signInAgain: { type: 'boolean', description: 'an OAuth inbox an admin can sign in again' },
  },
};

/** `GET /api/inboxes`: every inbox's login kind and state, for admins and API tokens; never a secret. */
export async function inboxApiRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/api/inboxes',
    describedBy({
      summary: 'Inboxes, how they sign in and their state (connected, needs sign-in again, paused, …)',
      tags: ['inboxes'],
      response: {
        200: ok('Every inbox', envelope('items', { type: 'array', items: inboxView })),
        ...errorResponses(),
        403: { description: 'Admins and API tokens only', ...errorBody },
      },
    }),
    async (req) => {
      if (req.principal?.role !== 'admin') throw new SafeError('forbidden', 'admins only', 403);
      return { items: await listInboxes(ctx) };
    },
  );
}
