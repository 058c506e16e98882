import { DelayedError, Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { bullPrefix, type RedisFactory } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import { reminderJob, type ReminderJob } from '../src/queue/jobs.ts';
import { runReminderStep } from '../src/reminders/run-step.ts';

/**
 * The reminder worker: a ladder step's wake-up job → at most one reminder draft (src/reminders/run-step.ts).
 * A step that is not due yet (paused until a date, re-planned) goes back to sleep under the same job id instead
 * of completing, so the deterministic id keeps guarding it.
 */
export function startReminderWorker(ctx: AppContext, rf: RedisFactory): { close(): Promise<void> } {
  const log = ctx.log.child({ component: 'reminder-worker' });
  const worker = new Worker<ReminderJob>(
    QUEUES.reminder,
    async (job, token) => {
      const data = reminderJob.parse(job.data);
      const outcome = await runReminderStep(ctx, data);
      if (outcome.kind === 'wait' && token) {
        await job.moveToDelayed(outcome.until.getTime(), token);
        throw new DelayedError();
      }
      const summary = outcome.kind === 'drafted' ? { kind: 'drafted', draftId: outcome.draft.id } : outcome;
      log.info({ invoiceId: data.invoiceId, step: data.step, ...summary }, 'reminder step');
      return summary;
    },
    { connection: rf.blocking(), prefix: bullPrefix(ctx.config.redis.prefix), concurrency: 4 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'reminder job failed'));
  worker.on('error', (err) => log.error({ err: err.message }, 'reminder worker error'));
  return { close: () => worker.close() };
}
