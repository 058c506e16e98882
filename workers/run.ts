import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/context.ts';
import type { RedisFactory } from '../src/queue/connection.ts';
import { SafeError } from '../src/errors.ts';

/** What a started part of the service gives back: a way to stop it cleanly. */
export interface Handle {
  close(): Promise<void>;
}
export type WorkerStarter = (ctx: AppContext, rf: RedisFactory) => Handle | Promise<Handle>;

export const ROLES = ['web', 'poller', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Everything the `worker` role runs, in start order (closed in reverse). Each entry is one BullMQ worker
 * module; add yours with one line. Modules load lazily, so a process runs (and holds in memory) only the
 * workers and roles it was given: an ingest-only process does not load fastify or the tone model.
 */
export const WORKERS: Array<{ name: string; start: WorkerStarter }> = [
  {
    name: 'ingest',
    start: async (ctx, rf) => (await import('./ingest.worker.ts')).startIngestWorker(ctx, rf),
  },
  {
    name: 'triage',
    start: async (ctx, rf) => (await import('./triage.worker.ts')).startTriageWorker(ctx, rf),
  },
  { name: 'draft', start: async (ctx, rf) => (await import('./draft.worker.ts')).startDraftWorker(ctx, rf) },
  { name: 'send', start: async (ctx, rf) => (await import('./send.worker.ts')).startSendWorker(ctx, rf) },
  {
    name: 'reminder',
    start: async (ctx, rf) => (await import('./reminder.worker.ts')).startReminderWorker(ctx, rf),
  },
];

/** `TACTFUL_ROLES=web,poller,worker` (any subset, comma-separated; default all). */
export function parseRoles(value: string | undefined): Role[] {
  if (!value?.trim()) return [...ROLES];
  const roles = value
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || roles.length === 0) {
    throw new SafeError(
      'roles_invalid',
      `TACTFUL_ROLES: unknown role ${unknown.map((r) => `"${r}"`).join(', ') || '(none)'}; use any of ${ROLES.join(', ')}`,
    );
  }
  return [...new Set(roles)] as Role[];
}

/**
 * `TACTFUL_WORKERS=ingest,triage` narrows the worker role to some of WORKERS (default all), e.g. to give
 * parsing its own processes, or to benchmark one stage.
 */
export function parseWorkers(value: string | undefined): string[] {
  const names = WORKERS.map((w) => w.name);
  if (!value?.trim()) return names;
  const chosen = value
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const unknown = chosen.filter((w) => !names.includes(w));
  if (unknown.length || !chosen.length)
    throw new SafeError(
      'workers_invalid',
      `TACTFUL_WORKERS: unknown worker ${unknown.join(', ') || '(none)'}; use any of ${names.join(', ')}`,
    );
  return chosen;
}

export interface Service {
  /** Where the web role listens, when it runs. */
  url: string | null;
  app: FastifyInstance | null;
  close(): Promise<void>;
}

/**
 * Starts the chosen roles in this process. Shutdown order matters: pollers first (no new jobs, leases
 * released, IMAP logged out), then workers drain their running jobs, then HTTP closes.
 */
export async function startRoles(
  ctx: AppContext,
  rf: RedisFactory,
  roles: Role[],
  workers: string[] = WORKERS.map((w) => w.name),
): Promise<Service> {
  const log = ctx.log.child({ component: 'runner' });
  const started: Array<{ name: string; handle: Handle }> = [];
  const closeAll = async () => {
    for (const { name, handle } of started.splice(0).reverse()) {
      await handle.close().catch((err: unknown) => log.error({ err, part: name }, 'close failed'));
    }
  };
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  try {
    if (roles.includes('web')) {
      const { buildApp } = await import('../src/web/app.ts');
      const { inboxReadiness } = await import('../src/ingest/inbox-status.ts');
      const web = await buildApp(ctx, { readiness: inboxReadiness(ctx.redis, ctx.keys, ctx.config) });
      url = await web.listen({ host: ctx.config.web.host, port: ctx.config.web.port });
      app = web;
      started.push({ name: 'web', handle: { close: () => web.close() } });
      log.info({ url }, 'web listening');
    }
    if (roles.includes('worker')) {
      for (const w of WORKERS.filter((x) => workers.includes(x.name))) {
        started.push({ name: `worker:${w.name}`, handle: await w.start(ctx, rf) });
      }
    }
    if (roles.includes('poller')) {
      const { startPoller } = await import('./poller.ts');
      for (const inbox of ctx.config.inboxes) {
        started.push({ name: `poller:${inbox.id}`, handle: startPoller(ctx, inbox) });
      }
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  log.info({ roles, workers: roles.includes('worker') ? workers : [] }, 'service started');
  return { url, app, close: closeAll };
}
