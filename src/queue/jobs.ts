import { z } from 'zod';

/**
 * Job payloads for every queue, in one place. Jobs are thin: they carry ids; the content lives in Redis
 * records (src/store). Job ids are deterministic so that adding the same work twice is a no-op.
 * BullMQ custom job ids must not contain ':' and must not be plain integers.
 */

export const ingestJob = z.object({
  inboxId: z.string(),
  uidValidity: z.string(),
  uid: z.number().int().positive(),
  /** Message-ID from the envelope, null when the message has none (the worker then hashes the content). */
  messageId: z.string().nullable(),
});
export type IngestJob = z.infer<typeof ingestJob>;
export const ingestJobId = (j: Pick<IngestJob, 'inboxId' | 'uidValidity' | 'uid'>) =>
  `ingest_${j.inboxId}_${j.uidValidity}_${j.uid}`;

export const triageJob = z.object({ inboxId: z.string(), recordId: z.string() });
export type TriageJob = z.infer<typeof triageJob>;
export const triageJobId = (j: TriageJob) => `triage_${j.recordId}`;

export const draftJob = z.object({ inboxId: z.string(), recordId: z.string() });
export type DraftJob = z.infer<typeof draftJob>;
export const draftJobId = (j: DraftJob) => `draft_${j.recordId}`;

export const sendJob = z.object({ draftId: z.string(), inboxId: z.string() });
export type SendJob = z.infer<typeof sendJob>;
/** One send job per draft approval; a re-approval after a failure gets a new attempt number. */
export const sendJobId = (j: SendJob, attempt = 1) => `send_${j.draftId}_${attempt}`;

export const reminderJob = z.object({ invoiceId: z.string(), step: z.number().int().min(1).max(4) });
export type ReminderJob = z.infer<typeof reminderJob>;
export const reminderJobId = (j: ReminderJob) => `reminder_${j.invoiceId}_${j.step}`;
