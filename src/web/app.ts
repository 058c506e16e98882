import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import { principalFromBearer, type Principal } from '../access/principal.ts';
import webFoundation from './plugins/foundation.ts';
import { webPages } from './pages/pages.ts';
import { draftRoutes } from './api/drafts.ts';
import { invoiceRoutes } from './api/invoices.ts';
import { registerMessagesApi } from './api/messages.ts';
import { inboxApiRoutes } from './api/inboxes.ts';
import { draftEditRoutes } from './api/draft-edits.ts';
import { reportApiRoutes } from './api/reports.ts';
import { metricsRoute } from './metrics.ts';
import type { AppOptions } from './options.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API auth hook (Bearer token) or the session plugin (logged-in user). */
    principal: Principal | null;
  }
}

/**
 * The HTTP app: JSON API, health endpoints and the web view, as one fastify instance.
 * `server.ts`/the service runner only listens; tests use `app.inject`.
 */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'web' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  app.decorateRequest('principal', null);
  // Security headers, session (sets request.principal BEFORE the /api hook below), CSRF, OpenAPI collector.
  await app.register(webFoundation, { ctx });

  app.setErrorHandler(
    (err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
      if (err instanceof SafeError)
        return reply.status(err.status).send({ error: err.code, message: err.message });
      const status = err.statusCode ?? 500;
      if (status < 500) {
        // fastify's own 4xx (bad JSON, body too large, schema validation) carry safe messages.
        return reply.status(status).send({ error: err.code ?? 'bad_request', message: err.message });
      }
      req.log.error({ err }, 'request failed');
      return reply.status(500).send({ error: 'internal', message: 'internal error' });
    },
  );

  // Every /api/* route needs a principal: a Bearer token, or a session the web plugin set before this hook.
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    if (!req.url.startsWith('/api/')) return;
    if (!req.principal) req.principal = principalFromBearer(req.headers.authorization, ctx.config);
    if (!req.principal) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'send Authorization: Bearer <token>' });
    }
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const redisOk = await ctx.redis.ping().then(
      () => true,
      () => false,
    );
    const r = opts.readiness ? await opts.readiness() : { ok: true, body: {} };
    return reply.status(redisOk && r.ok ? 200 : 503).send({ redis: redisOk ? 'ok' : 'down', ...r.body });
  });

  // Route modules register here, one line each.
  await app.register(webPages, { ctx, readiness: opts.readiness });
  await draftRoutes(app, ctx);
  await draftEditRoutes(app, ctx);
  await reportApiRoutes(app, ctx);
  await invoiceRoutes(app, ctx);
  await metricsRoute(app, ctx);
  registerMessagesApi(app, ctx);
  await inboxApiRoutes(app, ctx);

  return app;
}
