import { DelayedError } from 'bullmq';
import { defineWorker } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { planAllDigests, runDigest } from '../commitments/digest.ts';

/**
 * The digest worker: each lead's morning digest (src/commitments/digest.ts). When it starts it plans every
 * lead's next digest (deterministic ids: planning from several processes adds one job per lead and day).
 */
export const startDigestWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.digest,
  component: 'digest-worker',
  concurrency: 2,
  async process({ ctx, data, job, token, log }) {
    const outcome = await runDigest(ctx, data);
    if (outcome.kind === 'wait' && token) {
      await job.moveToDelayed(Date.now() + (outcome.until.getTime() - ctx.clock.now().getTime()), token);
      throw new DelayedError();
    }
    log.info({ user: data.user, date: data.date, ...outcome }, 'digest');
    return outcome;
  },
  onStarted(ctx, log) {
    planAllDigests(ctx).then(
      (n) => n && log.info({ leads: n }, 'morning digests planned'),
      (err: unknown) => log.error({ err: (err as Error).message }, 'could not plan the morning digests'),
    );
  },
});
