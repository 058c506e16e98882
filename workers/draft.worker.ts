import { Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { bullPrefix, type RedisFactory } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import { draftJob, type DraftJob } from '../src/queue/jobs.ts';
import { processDraftJob } from '../src/drafts/draft-job.ts';

/** The draft worker: a triaged message → its reply draft (see src/drafts/draft-job.ts). */
export function startDraftWorker(ctx: AppContext, rf: RedisFactory): { close(): Promise<void> } {
  const log = ctx.log.child({ component: 'draft-worker' });
  const worker = new Worker<DraftJob>(
    QUEUES.draft,
    async (job) => {
      const data = draftJob.parse(job.data);
      const outcome = await processDraftJob(ctx, data);
      log.debug({ recordId: data.recordId, ...outcome }, 'draft job done');
      return outcome;
    },
    { connection: rf.blocking(), prefix: bullPrefix(ctx.config.redis.prefix), concurrency: 4 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'draft job failed'));
  worker.on('error', (err) => log.error({ err: err.message }, 'draft worker error'));
  return { close: () => worker.close() };
}
