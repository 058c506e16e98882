import { defineWorker, sleepUntil } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { runReminderStep } from '../reminders/run-step.ts';

/**
 * The reminder worker: a ladder step's wake-up job → at most one reminder draft (src/reminders/run-step.ts).
 * A step that is not due yet (paused until a date, re-planned) goes back to sleep under the same job id instead
 * of completing, so the deterministic id keeps guarding it.
 */
export const startReminderWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.reminder,
  component: 'reminder-worker',
  concurrency: 4,
  async process(run) {
    const { ctx, data, log } = run;
    const outcome = await runReminderStep(ctx, data);
    if (outcome.kind === 'wait') return sleepUntil(run, outcome.until, outcome);
    const summary = outcome.kind === 'drafted' ? { kind: 'drafted', draftId: outcome.draft.id } : outcome;
    log.info({ invoiceId: data.invoiceId, step: data.step, ...summary }, 'reminder step');
    return summary;
  },
});
