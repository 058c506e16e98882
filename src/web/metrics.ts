import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { QUEUES } from '../queue/names.ts';
import { principalFromBearer } from '../access/principal.ts';

/** BullMQ job states worth a gauge: what waits, what runs, what is parked until later, what failed. */
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

/**
 * Samples every queue's job counts into `tactful_queue_depth`. Done at scrape time because queue depth is a
 * property of Redis, not of this process: any replica answers the same, and nothing goes stale between scrapes.
 * A Redis outage leaves the last values in place rather than failing the scrape (the other metrics still help).
 */
export async function sampleQueueDepths(ctx: AppContext): Promise<void> {
  await Promise.all(
    // Keyed by definition key (`followUp`), labelled by the queue's name in Redis (`follow-up`).
    (Object.keys(QUEUES) as (keyof typeof QUEUES)[]).map(async (key) => {
      const name = QUEUES[key];
      try {
        const counts = await ctx.queues[key].getJobCounts(...STATES);
        for (const state of STATES) ctx.metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
      } catch (err) {
        ctx.log.warn({ err, queue: name }, 'metrics: queue depth not sampled');
      }
    }),
  );
}

/**
 * `GET /metrics` in the Prometheus text format. Metrics reveal inbox ids and traffic, so the route wants an
 * admin: a Bearer API token (Prometheus `authorization: { credentials: … }`) or a logged-in admin session.
 * It sits outside /api/ so that its 401 stays plain and scrapers need no CSRF or JSON handling.
 */
export async function metricsRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/metrics', async (req, reply) => {
    const principal = req.principal ?? principalFromBearer(req.headers.authorization, ctx.config);
    if (!principal) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'send Authorization: Bearer <api token>' });
    }
    if (principal.role !== 'admin') {
      return reply.status(403).send({ error: 'forbidden', message: 'metrics are for admins and API tokens' });
    }
    await sampleQueueDepths(ctx);
    return reply
      .header('content-type', ctx.metrics.registry.contentType)
      .send(await ctx.metrics.registry.metrics());
  });
}
