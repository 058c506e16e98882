import { createHash } from 'node:crypto';
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

export const alertJob = z.object({
  commitmentId: z.string(),
  kind: z.enum(['due-soon', 'breach']),
  /** The reply-by time the alert is about: part of the id, so a changed time gets new alerts. */
  dueAt: z.string(),
});
export type AlertJob = z.infer<typeof alertJob>;

export const followUpJob = z.object({
  inboxId: z.string(),
  threadId: z.string(),
  /** The agency's message that asked the client for something (its Message-ID). */
  after: z.string(),
});
export type FollowUpJob = z.infer<typeof followUpJob>;

export const digestJob = z.object({
  /** The lead's email (config.users). */
  user: z.string(),
  /** The working day, on the lead's calendar: YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type DigestJob = z.infer<typeof digestJob>;

/** A short stable token of free text (addresses, Message-IDs) for job ids, which must not hold ':'. */
const token = (s: string) => createHash('sha256').update(s.toLowerCase()).digest('hex').slice(0, 16);

/** Ingest retries cover a long IMAP or Redis outage: ≈ 50 attempts, backoff capped at a minute. */
export const ingestBackoff: BackoffStrategy = (attemptsMade: number) =>
  Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));

export const QUEUE_DEFINITIONS = {
  /**
   * A new IMAP message, the whole pipeline in one job (issue 15): fetch its source, parse, triage, store the record
   * with its triage result, the invoice and conversation hooks, the reply draft.
   */
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
  /**
   * A stored message: decide language, tone, after-hours, automated, payment. New mail is triaged by its ingest
   * job; this queue serves records that still need it (jobs queued before issue 15, a triage that failed inside
   * the ingest job, re-triage).
   */
  triage: {
    name: QUEUES.triage,
    payload: triageJob,
    jobId: (j: TriageJob) => `triage_${j.recordId}`,
    options: { ...RETENTION, ...DEFAULT_RETRY },
  } satisfies QueueDefinition<TriageJob>,
  /** A message the triage queue triaged: render the reply draft, if any (the ingest job drafts its own). */
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
  /**
   * Reply-by alerts, delayed until "due soon" or the breach. The id holds the reply-by time: a changed time
   * schedules new alerts and the old ones find it changed and do nothing. Retries are for SMTP or a webhook
   * that failed cleanly; each (alert, channel) is claimed before sending (src/commitments/alert-job.ts).
   */
  alert: {
    name: QUEUES.alert,
    payload: alertJob,
    jobId: (j: AlertJob) => `alert_${j.commitmentId}_${j.kind}_${Date.parse(j.dueAt)}`,
    options: { ...RETENTION, attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
  } satisfies QueueDefinition<AlertJob>,
  /** A quiet client's follow-up, one job per agency message that asked something. */
  followUp: {
    name: QUEUES.followUp,
    payload: followUpJob,
    jobId: (j: FollowUpJob) => `followup_${j.threadId}_${token(j.after)}`,
    options: { ...RETENTION, ...DEFAULT_RETRY },
  } satisfies QueueDefinition<FollowUpJob>,
  /** One morning digest per lead and working day; each run plans the next one. */
  digest: {
    name: QUEUES.digest,
    payload: digestJob,
    jobId: (j: DigestJob) => `digest_${token(j.user)}_${j.date}`,
    options: { ...RETENTION, attempts: 6, backoff: { type: 'exponential', delay: 5000 } },
  } satisfies QueueDefinition<DigestJob>,
} as const;

export type QueueKey = keyof typeof QUEUE_DEFINITIONS;
export type PayloadOf<K extends QueueKey> = z.output<(typeof QUEUE_DEFINITIONS)[K]['payload']>;
