import { defineWorker } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { processDraftJob } from '../drafts/draft-job.ts';

/** The draft worker: a triaged message → its reply draft (src/drafts/draft-job.ts). */
export const startDraftWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.draft,
  component: 'draft-worker',
  concurrency: 4,
  async process({ ctx, data, log }) {
    const outcome = await processDraftJob(ctx, data);
    log.debug({ recordId: data.recordId, ...outcome }, 'draft job done');
    return outcome;
  },
});
