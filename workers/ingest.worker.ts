import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { RedisFactory } from '../src/queue/connection.ts';
import { bullPrefix } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import type { IngestJob } from '../src/queue/jobs.ts';
import { DEFAULT_JOB_OPTIONS } from '../src/queue/queues.ts';
import { MessageStore } from '../src/store/messages.ts';
import { UidFetcher } from '../src/ingest/uid-fetcher.ts';
import { ingestMessage } from '../src/ingest/ingest-message.ts';
import { ingestBackoff } from '../src/ingest/enqueue.ts';

export interface WorkerHandle {
  close(): Promise<void>;
}

/**
 * The ingest worker: turns thin ingest jobs into message records. One IMAP connection per inbox in this
 * process, shared by all concurrent jobs (their fetches are batched). Closing drains running jobs first.
 */
export function startIngestWorker(ctx: AppContext, rf: RedisFactory): WorkerHandle {
  const log = ctx.log.child({ component: 'ingest-worker' });
  // Auto-pipelining: the record writes and triage adds of all concurrent jobs leave in one socket write per
  // tick instead of one write (and one syscall) each. Its own client, so nobody else's commands change timing.
  const redis = ctx.redis.duplicate({ enableAutoPipelining: true });
  redis.on('error', () => undefined);
  const store = new MessageStore(redis, ctx.keys);
  const triageQueue = new Queue(QUEUES.triage, {
    connection: redis,
    prefix: bullPrefix(ctx.config.redis.prefix),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
  const deps = {
    fetch: (j: IngestJob) => fetcherFor(j.inboxId).get(j.uidValidity, j.uid),
    store,
    triageQueue,
    clock: ctx.clock,
    maxMessageBytes: ctx.config.ingest.maxMessageBytes,
    log,
  };
  const inboxes = new Map(ctx.config.inboxes.map((i) => [i.id, i]));
  const fetchers = new Map<string, UidFetcher>();
  const fetcherFor = (inboxId: string) => {
    let f = fetchers.get(inboxId);
    if (!f) {
      const inbox = inboxes.get(inboxId);
      if (!inbox) throw new Error(`job for unknown inbox "${inboxId}"`);
      f = new UidFetcher(inbox, log.child({ inbox: inboxId }), ctx.config.ingest.maxMessageBytes);
      fetchers.set(inboxId, f);
    }
    return f;
  };

  const worker = new Worker<IngestJob>(
    QUEUES.ingest,
    async (job) => {
      const data = ingestPayload(job.data);
      // No per-job child logger or info line: at thousands of jobs a second they cost more than the job's
      // Redis work. The outcome is the job's return value (BullMQ keeps it) and a metric.
      const outcome = await ingestMessage(deps, data);
      if (log.isLevelEnabled('debug')) log.debug({ uid: data.uid, jobId: job.id, outcome }, 'ingested');
      return outcome;
    },
    {
      connection: rf.blocking(),
      prefix: bullPrefix(ctx.config.redis.prefix),
      concurrency: ctx.config.ingest.concurrency,
      // A killed worker's jobs come back within ~lockDuration; each job is idempotent, so a rare double run
      // after a long event-loop stall is harmless, while a stuck queue is not.
      lockDuration: 15_000,
      stalledInterval: 5_000,
      maxStalledCount: 10,
      settings: { backoffStrategy: ingestBackoff },
    },
  );
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'ingest job failed'),
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'ingest worker error'));

  return {
    async close() {
      await worker.close();
      await triageQueue.close();
      await Promise.all([...fetchers.values()].map((f) => f.close()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * The job payload, checked by shape only: enqueueIngest validated it with zod before it went to Redis, so a
 * full schema parse per job would only re-check our own output. Anything else (a hand-made job) fails for
 * good with a clear message instead of being retried 50 times.
 */
function ingestPayload(d: unknown): IngestJob {
  const j = d as Partial<IngestJob> | null;
  if (
    !j ||
    typeof j.inboxId !== 'string' ||
    typeof j.uidValidity !== 'string' ||
    !Number.isInteger(j.uid) ||
    (j.uid as number) <= 0 ||
    (j.messageId !== null && typeof j.messageId !== 'string')
  )
    throw new UnrecoverableError('malformed ingest job payload');
  return j as IngestJob;
}
