import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { AppContext } from '../../context.ts';
import { QUEUES } from '../../queue/names.ts';
import type { PagesOptions } from '../options.ts';
import { requireAdmin } from '../plugins/auth-guard.ts';
import { renderErrorPage, renderPage } from './render.ts';

/** bull-board is a React app: its own script files and inline styles, still nothing remote or inline-scripted. */
const BOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** Admin only: inbox connection status (the /readyz data) and the BullMQ dashboard. */
export async function adminRoutes(app: FastifyInstance, opts: PagesOptions) {
  const { ctx } = opts;
  app.get('/admin', { preHandler: requireAdmin }, async (req, reply) => {
    const redisOk = await ctx.redis.ping().then(
      () => true,
      () => false,
    );
    const r = opts.readiness ? await opts.readiness() : { ok: true, body: {} };
    return renderPage(req, reply, './admin', {
      title: 'Admin',
      nav: 'admin',
      redisOk,
      ready: r.ok && redisOk,
      inboxes: ctx.config.inboxes.map((i) => ({
        id: i.id,
        address: i.address,
        status: describe(r.body[i.id]),
      })),
      extra: Object.entries(r.body).filter(([k]) => !ctx.config.inboxes.some((i) => i.id === k)),
    });
  });
  await app.register(queueBoard, { ctx });
}

/** Readiness entries are whatever the poller reports; show a short string either way. */
function describe(v: unknown): string {
  if (v === undefined) return 'no status reported';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

async function queueBoard(app: FastifyInstance, opts: { ctx: AppContext }) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({
    queues: (Object.keys(QUEUES) as (keyof typeof QUEUES)[]).map(
      (key) => new BullMQAdapter(opts.ctx.queues[key]),
    ),
    // @bull-board/fastify pins its own copy of @bull-board/api; the adapter is the same at runtime.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  app.addHook('onRequest', requireAdmin);
  // bull-board's own API (retry, clean, pause) has no CSRF tokens; SameSite=Lax already keeps the cookie off
  // cross-site POSTs, and this refuses any unsafe request the browser marks as not same-origin.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const sameOrigin = origin
      ? new URL(origin).host === req.headers.host
      : site === undefined || site === 'same-origin';
    if (!sameOrigin || (site !== undefined && site !== 'same-origin')) {
      return renderErrorPage(req, reply, 403, 'Not allowed', 'Queue actions must come from this site.');
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', BOARD_CSP);
    return payload;
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' });
}
