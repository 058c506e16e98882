import { DelayedError, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { AppContext } from '../context.ts';
import type { Logger } from '../log.ts';
import { bullPrefix } from '../store/keyspace.ts';
import type { QueueDefinition } from '../queue/definitions.ts';

/** What a started part of the service gives back: a way to stop it cleanly. */
export interface Handle {
  close(): Promise<void>;
}

export interface JobRun<T, R> {
  ctx: AppContext;
  data: T;
  job: Job<T>;
  token?: string;
  log: Logger;
  /** What `setup` made for this worker (once per process). */
  resources: R;
}

export interface WorkerSpec<T, R = undefined> {
  /** The queue's definition (src/queue/definitions.ts): payload, job id, retries. */
  queue: QueueDefinition<T>;
  /** Log component name, e.g. `draft-worker`. */
  component: string;
  concurrency: number | ((ctx: AppContext) => number);
  /** Lock and stall settings where a queue needs other than BullMQ's defaults. */
  options?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;
  /**
   * Checks a payload; defaults to the definition's zod schema. A payload that fails fails the job for good
   * (UnrecoverableError) instead of being retried.
   */
  check?: (data: unknown) => T | null;
  /** Per-process resources (connections, caches), made once when the worker starts, closed after it. */
  setup?: (ctx: AppContext, log: Logger) => R & { close?(): Promise<void> };
  process(run: JobRun<T, R>): Promise<unknown>;
  /** Called for a failed attempt, after the log line. */
  onFailed?: (ctx: AppContext, log: Logger, job: Job<T> | undefined, err: Error) => void;
  /** Called once the worker runs (e.g. to re-queue work a crash left behind). */
  onStarted?: (ctx: AppContext, log: Logger) => void;
  /** Log level of a failed attempt (some failures are expected retries). Default warn. */
  failedLevel?: (err: Error) => 'info' | 'warn';
}

export type WorkerStarter = (ctx: AppContext) => Promise<Handle>;

/**
 * One BullMQ worker, set up the same way for every queue: payload checked, the queue's custom backoff
 * registered, a blocking connection from the context (BullMQ does not close connections it is given: the
 * context does), failures and connection errors logged once per event, resources closed after draining.
 */
export function defineWorker<T, R = undefined>(spec: WorkerSpec<T, R>): WorkerStarter {
  return async (ctx) => {
    const log = ctx.log.child({ component: spec.component });
    const resources = (spec.setup?.(ctx, log) ?? undefined) as R & { close?(): Promise<void> };
    const check =
      spec.check ??
      ((d: unknown) => {
        const r = spec.queue.payload.safeParse(d);
        return r.success ? r.data : null;
      });
    const worker = new Worker<T>(
      spec.queue.name,
      async (job, token) => {
        const data = check(job.data);
        if (data === null) throw new UnrecoverableError(`malformed ${spec.queue.name} job payload`);
        return spec.process({ ctx, data, job, token, log, resources });
      },
      {
        connection: ctx.connections.blocking(),
        prefix: bullPrefix(ctx.config.redis.prefix, spec.queue.name),
        concurrency: typeof spec.concurrency === 'function' ? spec.concurrency(ctx) : spec.concurrency,
        ...spec.options,
        ...(spec.queue.backoffStrategy ? { settings: { backoffStrategy: spec.queue.backoffStrategy } } : {}),
      },
    );
    worker.on('failed', (job, err) => {
      const level = spec.failedLevel?.(err) ?? 'warn';
      log[level](
        { jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        `${spec.queue.name} job failed`,
      );
      spec.onFailed?.(ctx, log, job, err);
    });
    worker.on('error', (err) => log.error({ err: err.message }, `${spec.queue.name} worker error`));
    spec.onStarted?.(ctx, log);
    return {
      async close() {
        await worker.close();
        await resources?.close?.();
      },
    };
  };
}

/**
 * A job woken before its moment goes back to sleep under the same job id instead of completing, so its
 * deterministic id keeps guarding the work. `until` is on the context's clock (tests move it); BullMQ's delay is
 * on the machine's. Without a lock token (a job run by hand) there is nothing to move: the outcome is returned.
 */
export async function sleepUntil<O>(run: JobRun<unknown, unknown>, until: Date, outcome: O): Promise<O> {
  if (!run.token) return outcome;
  await run.job.moveToDelayed(Date.now() + (until.getTime() - run.ctx.clock.now().getTime()), run.token);
  throw new DelayedError();
}
