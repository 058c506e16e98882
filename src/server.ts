import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { buildApp } from './web/app.ts';
import { inboxReadiness } from './ingest/readiness.ts';

export interface WebServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The web role: builds the app (src/web/app.ts, which never listens, so tests use `app.inject`) and listens on
 * `web.host:web.port`. `/readyz` reads the pollers' status from Redis, so it is right whichever machine polls.
 */
export async function startWebServer(ctx: AppContext): Promise<WebServer> {
  const readiness = inboxReadiness(ctx.stores.inboxStatus, ctx.config, {
    grants: ctx.stores.oauthTokens,
    isPaused: (id) => ctx.registry.isPaused(id),
  });
  const app = await buildApp(ctx, { readiness });
  try {
    const url = await app.listen({ host: ctx.config.web.host, port: ctx.config.web.port });
    return { url, app, close: () => app.close() };
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
}
