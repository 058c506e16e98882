import { defineWorker } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { processTriageJob } from '../messages/triage-job.ts';
import { loadBuiltinClassifier } from '../tone-model/load.ts';

/** The triage worker (src/messages/triage-job.ts) with the built-in tone model, loaded once per process. */
export const startTriageWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.triage,
  component: 'triage-worker',
  // Triage is CPU-bound and fast (well under a millisecond); a few at once only overlap the Redis round trips.
  concurrency: 4,
  setup: () => ({ classifier: loadBuiltinClassifier() }),
  async process({ ctx, data, log, resources }) {
    const outcome = await processTriageJob(ctx, data, resources.classifier);
    log.debug({ recordId: data.recordId, ...outcome }, 'triage job done');
    return outcome;
  },
});
