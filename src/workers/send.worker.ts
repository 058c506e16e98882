import { defineWorker, type WorkerStarter } from './define-worker.ts';
import { QUEUE_DEFINITIONS } from '../queue/definitions.ts';
import { processSendJob, giveUpSending, RetryLater } from '../drafts/send-job.ts';
import { resumeScheduledSends } from '../drafts/service.ts';

export interface SendWorkerOptions {
  /** How long a job's lock lives; a killed worker's job is picked up again after about this long. */
  lockDurationMs?: number;
  /** SMTP socket timeout (tests use a short one for the server that hangs after DATA). */
  smtpSocketTimeoutMs?: number;
  /** Per-draft send lock lifetime (see SendDeps.sendLockMs). */
  sendLockMs?: number;
}

/**
 * The send worker: approved drafts at their sendAt (src/drafts/send-job.ts has the exactly-once rules).
 * `TACTFUL_FAULT=after-smtp-accept` is read here, once, for the crash test; nothing else looks at it.
 */
export const sendWorker =
  (opts: SendWorkerOptions = {}): WorkerStarter =>
  (ctx) => {
    const lockDuration = opts.lockDurationMs ?? 30_000;
    const fault = process.env.TACTFUL_FAULT;
    return defineWorker({
      queue: QUEUE_DEFINITIONS.send,
      component: 'send-worker',
      concurrency: 2,
      // A job found stalled is re-run (the Sent-folder check makes that safe), never failed for stalling.
      options: { lockDuration, stalledInterval: lockDuration, maxStalledCount: 100 },
      async process({ ctx, data, job, log }) {
        const transport = (inbox: Parameters<typeof ctx.smtp.transport>[0]) =>
          ctx.smtp.transport(inbox, { socketTimeoutMs: opts.smtpSocketTimeoutMs });
        const outcome = await processSendJob({ ctx, transport, fault, sendLockMs: opts.sendLockMs }, data, {
          made: job.attemptsMade,
          max: job.opts.attempts ?? QUEUE_DEFINITIONS.send.options.attempts,
        });
        log.info({ ...outcome }, 'send job done');
        return outcome;
      },
      failedLevel: (err) => (err instanceof RetryLater ? 'info' : 'warn'),
      onFailed(ctx, log, job, err) {
        // Out of attempts on something other than SMTP (IMAP down, a bug): say so on the draft instead of leaving
        // it `scheduled` forever. A lead's retry is safe: every run checks the Sent folder first.
        if (!job || err instanceof RetryLater) return;
        if (job.attemptsMade >= (job.opts.attempts ?? QUEUE_DEFINITIONS.send.options.attempts))
          giveUpSending(ctx, job.data.draftId, err).catch((e: unknown) =>
            log.error({ err: (e as Error).message }, 'could not mark the draft failed'),
          );
      },
      onStarted(ctx, log) {
        resumeScheduledSends(ctx).then(
          (n) => n && log.info({ drafts: n }, 'scheduled drafts checked against the send queue'),
          (err: unknown) => log.error({ err: (err as Error).message }, 'could not resume scheduled drafts'),
        );
      },
    })(ctx);
  };

export const startSendWorker = sendWorker();
