import { z } from 'zod';
import type { BackoffStrategy, JobsOptions } from 'bullmq';
import { QUEUES, type QueueName } from './names.ts';

/**
 * One definition per queue: its payload (zod), its deterministic job id, and its retry settings. Producers
 * enqueue through `src/queue/queues.ts` (typed, checked); workers are built from the same definition with
 * `defineWorker` (src/workers/define-worker.ts), so payload, id and retries cannot drift apart.
 *
 * Jobs are thin: they carry ids; the content lives in Redis records (src/store). Job ids are deterministic so
 * that adding the same work twice is a no-op while BullMQ still knows the first job. BullMQ custom job ids
 * must not contain ':' and must not be plain integers.
 */
export interface QueueDefinition<T> {
  name: QueueName;
  payload: z.ZodType<T, unknown>;
  jobId(data: T): string;
  /** Attempts, backoff and retention of every job of this queue. */
  options: JobsOptions;
  /** A custom backoff (`options.backoff.type` names it); the worker registers it. */
  backoffStrategy?: BackoffStrategy;
}

/** Keep failures for inspection, drop completed jobs after a while. */
const RETENTION: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
const DEFAULT_RETRY: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 1000 } };

export const ingestJob = z.object({
  inboxId: z.string(),
  uidValidity: z.string(),
  uid: z.number().int().positive(),
  /** Message-ID from the envelope, null when the message has none (the worker then hashes the content). */
  messageId: z.string().nullable(),
});
export type IngestJob = z.infer<typeof ingestJob>;

export const triageJob = z.object({ inboxId: z.string(), recordId: z.string() });
export type TriageJob = z.infer<typeof triageJob>;

export const draftJob = z.object({ inboxId: z.string(), recordId: z.string() });
export type DraftJob = z.infer<typeof draftJob>;

export const sendJob = z.object({
  draftId: z.string(),
  inboxId: z.string(),
  /** Which approval this is (a re-approval after a failure is another job); jobs queued before it existed are 1. */
  attempt: z.number().int().min(1).default(1),
});
export type SendJob = z.output<typeof sendJob>;

export const reminderJob = z.object({ invoiceId: z.string(), step: z.number().int().min(1).max(4) });
export type ReminderJob = z.infer<typeof reminderJob>;

/** Ingest retries cover a long IMAP or Redis outage: ≈ 50 attempts, backoff capped at a minute. */
export const ingestBackoff: BackoffStrategy = (attemptsMade: number) =>
  Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));

export const QUEUE_DEFINITIONS = {
  /** A new IMAP message: fetch its source, parse, store the record. */
  ingest: {
    name: QUEUES.ingest,
    payload: ingestJob,
    jobId: (j: IngestJob) => `ingest_${j.inboxId}_${j.uidValidity}_${j.uid}`,
    // An ingest job fails only when IMAP or Redis is unreachable (unparseable mail still yields a record), and
    // the cursor has already moved past it: so it retries for a long outage, and the poller re-queues failed
    // ones once IMAP answers again.
    options: { ...RETENTION, attempts: 50, backoff: { type: 'ingest-capped' } },
    backoffStrategy: ingestBackoff,
  } satisfies QueueDefinition<IngestJob>,
  /** A stored message: decide language, tone, after-hours, automated, payment. */
  triage: {
    name: QUEUES.triage,
    payload: triageJob,
    jobId: (j: TriageJob) => `triage_${j.recordId}`,
    options: { ...RETENTION, ...DEFAULT_RETRY },
  } satisfies QueueDefinition<TriageJob>,
  /** A triaged message: render the reply draft, if any. */
  draft: {
    name: QUEUES.draft,
    payload: draftJob,
    jobId: (j: DraftJob) => `draft_${j.recordId}`,
    options: { ...RETENTION, ...DEFAULT_RETRY },
  } satisfies QueueDefinition<DraftJob>,
  /** An approved draft, delayed until its sendAt. */
  send: {
    name: QUEUES.send,
    payload: sendJob,
    jobId: (j: SendJob) => `send_${j.draftId}_${j.attempt}`,
    // 4xx and connection failures back off exponentially (1 s, 2 s, 4 s … ~17 min in all).
    options: { ...RETENTION, attempts: 11, backoff: { type: 'exponential', delay: 1000 } },
  } satisfies QueueDefinition<SendJob>,
  /** Invoice reminder steps, delayed until they are due. Retries quickly: the decision itself is idempotent. */
  reminder: {
    name: QUEUES.reminder,
    payload: reminderJob,
    jobId: (j: ReminderJob) => `reminder_${j.invoiceId}_${j.step}`,
    options: { ...RETENTION, attempts: 8, backoff: { type: 'exponential', delay: 2000 } },
  } satisfies QueueDefinition<ReminderJob>,
} as const;

export type QueueKey = keyof typeof QUEUE_DEFINITIONS;
export type PayloadOf<K extends QueueKey> = z.output<(typeof QUEUE_DEFINITIONS)[K]['payload']>;
