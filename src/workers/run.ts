import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Handle, WorkerStarter } from './define-worker.ts';

export const ROLES = ['web', 'poller', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Everything the `worker` role runs, in start order (closed in reverse). Each entry is one BullMQ worker
 * module; add yours with one line. Modules load lazily, so a process runs (and holds in memory) only the
 * workers and roles it was given: an ingest-only process does not load fastify or the tone model.
 */
export const WORKERS: Array<{ name: string; start: WorkerStarter }> = [
  { name: 'ingest', start: async (ctx) => (await import('./ingest.worker.ts')).startIngestWorker(ctx) },
  { name: 'triage', start: async (ctx) => (await import('./triage.worker.ts')).startTriageWorker(ctx) },
  { name: 'draft', start: async (ctx) => (await import('./draft.worker.ts')).startDraftWorker(ctx) },
  { name: 'send', start: async (ctx) => (await import('./send.worker.ts')).startSendWorker(ctx) },
  { name: 'reminder', start: async (ctx) => (await import('./reminder.worker.ts')).startReminderWorker(ctx) },
  { name: 'alert', start: async (ctx) => (await import('./alert.worker.ts')).startAlertWorker(ctx) },
  {
    name: 'follow-up',
    start: async (ctx) => (await import('./follow-up.worker.ts')).startFollowUpWorker(ctx),
  },
  { name: 'digest', start: async (ctx) => (await import('./digest.worker.ts')).startDigestWorker(ctx) },
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
    // Inboxes and users added in the web view, before anything uses the config (refuses to start when they
    // hold secrets and TACTFUL_SECRET_KEY is missing).
    await ctx.registry.start();
    started.push({ name: 'registry', handle: { close: async () => ctx.registry.stop() } });
    if (roles.includes('web')) {
      const { startWebServer } = await import('../server.ts');
      const web = await startWebServer(ctx);
      url = web.url;
      app = web.app;
      started.push({ name: 'web', handle: web });
      log.info({ url }, 'web listening');
    }
    if (roles.includes('worker')) {
      for (const w of WORKERS.filter((x) => workers.includes(x.name))) {
        started.push({ name: `worker:${w.name}`, handle: await w.start(ctx) });
      }
    }
    if (roles.includes('poller')) {
      const { startPollerSupervisor } = await import('../ingest/poller-supervisor.ts');
      started.push({ name: 'pollers', handle: startPollerSupervisor(ctx) });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  log.info({ roles, workers: roles.includes('worker') ? workers : [] }, 'service started');
  return { url, app, close: closeAll };
}
