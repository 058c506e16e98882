import { Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { bullPrefix, type RedisFactory } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import { sendJob, type SendJob } from '../src/queue/jobs.ts';
import { processSendJob, RetryLater } from '../src/drafts/send-job.ts';
import { SEND_ATTEMPTS, resumeScheduledSends } from '../src/drafts/service.ts';
import { closeSmtpTransports, smtpTransport } from '../src/mail/smtp.ts';
import { DraftStore } from '../src/store/drafts.ts';
import type { InboxConfig } from '../src/config/schema.ts';

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
export function startSendWorker(
  ctx: AppContext,
  rf: RedisFactory,
  opts: SendWorkerOptions = {},
): { close(): Promise<void> } {
  const log = ctx.log.child({ component: 'send-worker' });
  const fault = process.env.TACTFUL_FAULT;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<SendJob>(
    QUEUES.send,
    async (job) => {
      const data = sendJob.parse(job.data);
      const transport = (inbox: InboxConfig) =>
        smtpTransport(inbox, { socketTimeoutMs: opts.smtpSocketTimeoutMs });
      const outcome = await processSendJob({ ctx, transport, fault, sendLockMs: opts.sendLockMs }, data, {
        made: job.attemptsMade,
        max: job.opts.attempts ?? SEND_ATTEMPTS,
      });
      log.info({ ...outcome }, 'send job done');
      return outcome;
    },
    {
      connection: rf.blocking(),
      prefix: bullPrefix(ctx.config.redis.prefix),
      concurrency: 2,
      lockDuration,
      stalledInterval: lockDuration,
      // A job found stalled is re-run (the Sent-folder check makes that safe), never failed for stalling.
      maxStalledCount: 100,
    },
  );
  worker.on('failed', (job, err) => {
    if (err instanceof RetryLater)
      return log.info({ jobId: job?.id, reason: err.message }, 'send will be retried');
    log.warn({ jobId: job?.id, err: err.message }, 'send job failed');
    // Out of attempts on something other than SMTP (IMAP down, a bug): say so on the draft instead of leaving
    // it `scheduled` forever. A lead's retry is safe: every run checks the Sent folder first.
    if (job && job.attemptsMade >= (job.opts.attempts ?? SEND_ATTEMPTS)) {
      const reason = `could not send: ${err.message.replace(/\s+/g, ' ').slice(0, 300)}`;
      void new DraftStore(ctx.redis, ctx.keys, ctx.clock)
        .transition(job.data.draftId, {
          from: ['scheduled', 'sending'],
          to: 'failed',
          actor: 'tactful',
          action: 'failed',
          detail: reason,
          patch: { error: reason },
        })
        .catch((e: unknown) => log.error({ err: (e as Error).message }, 'could not mark the draft failed'));
    }
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'send worker error'));
  resumeScheduledSends(ctx).then(
    (n) => n && log.info({ drafts: n }, 'scheduled drafts checked against the send queue'),
    (err: unknown) => log.error({ err: (err as Error).message }, 'could not resume scheduled drafts'),
  );
  return {
    async close() {
      await worker.close();
      closeSmtpTransports();
    },
  };
}
