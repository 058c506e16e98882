import { defineWorker, sleepUntil, type WorkerStarter } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { runAlert } from '../commitments/alert-job.ts';
import { resumeAlerts } from '../commitments/alerts.ts';

export interface AlertWorkerOptions {
  /** How long a job's lock lives; a killed worker's job is picked up again after about this long. */
  lockDurationMs?: number;
}

/**
 * The alert worker: reply-by alerts at their moment (src/commitments/alert-job.ts has the at-most-once rules).
 * An alert woken before its moment goes back to sleep under the same job id. `TACTFUL_FAULT=after-alert-email`
 * is read here, once, for the crash test; nothing else looks at it.
 */
export const alertWorker =
  (opts: AlertWorkerOptions = {}): WorkerStarter =>
  (ctx) => {
    const lockDuration = opts.lockDurationMs ?? 30_000;
    const fault = process.env.TACTFUL_FAULT;
    return defineWorker({
      queue: QUEUE_DEFINITIONS.alert,
      component: 'alert-worker',
      concurrency: 4,
      // A job found stalled is run again (the delivery claims make that safe), never failed for stalling.
      options: { lockDuration, stalledInterval: lockDuration, maxStalledCount: 100 },
      async process(run) {
        const { ctx, data, log } = run;
        const outcome = await runAlert(ctx, data, { fault });
        if (outcome.kind === 'wait') return sleepUntil(run, outcome.until, outcome);
        log.info({ commitmentId: data.commitmentId, alert: data.kind, ...outcome }, 'alert');
        return outcome;
      },
      onStarted(ctx, log) {
        resumeAlerts(ctx).then(
          (n) => n && log.info({ commitments: n }, 'open commitments checked against the alert queue'),
          (err: unknown) => log.error({ err: (err as Error).message }, 'could not resume the alerts'),
        );
      },
    })(ctx);
  };

export const startAlertWorker = alertWorker();
