import { defineWorker, sleepUntil } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { runFollowUp } from '../commitments/follow-up.ts';

/**
 * The follow-up worker: a quiet client's follow-up job → at most one follow-up draft for a lead
 * (src/commitments/follow-up.ts). A job woken before its moment goes back to sleep under the same id.
 */
export const startFollowUpWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.followUp,
  component: 'follow-up-worker',
  concurrency: 2,
  async process(run) {
    const { ctx, data, log } = run;
    const outcome = await runFollowUp(ctx, data);
    if (outcome.kind === 'wait') return sleepUntil(run, outcome.until, outcome);
    log.info({ threadId: data.threadId, ...outcome }, 'follow-up');
    return outcome;
  },
});
