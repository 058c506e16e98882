import { Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { RedisFactory } from '../src/queue/connection.ts';
import { bullPrefix } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import { ingestJob, type IngestJob } from '../src/queue/jobs.ts';
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
  const store = new MessageStore(ctx.redis, ctx.keys);
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
      const data = ingestJob.parse(job.data);
      const jobLog = log.child({ inbox: data.inboxId, uid: data.uid, jobId: job.id });
      const outcome = await ingestMessage(
        {
          fetch: (j) => fetcherFor(j.inboxId).get(j.uidValidity, j.uid),
          store,
          triageQueue: ctx.queues.triage,
          clock: ctx.clock,
          maxMessageBytes: ctx.config.ingest.maxMessageBytes,
          log: jobLog,
        },
        data,
      );
      jobLog.debug({ outcome }, 'ingested');
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
      await Promise.all([...fetchers.values()].map((f) => f.close()));
    },
  };
}
