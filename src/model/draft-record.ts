import { z } from 'zod';
import { DRAFT_KINDS } from './draft-kinds.ts';

/**
 * A drafted reply (or payment reminder) and its life:
 * pending → scheduled → sent, or rejected / cancelled / failed (with `error`).
 * `outgoingMessageId` is created once with the draft and reused on every retry, so a crash between SMTP
 * acceptance and bookkeeping can be detected in the Sent folder instead of sending again.
 */
export const DRAFT_STATUSES = [
  'pending',
  'scheduled',
  'sending',
  'sent',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const auditEntry = z.object({
  at: z.string(),
  /** A user's email, an API token's name (`api:<name>`), or `tactful` for automatic steps. */
  actor: z.string(),
  action: z.string(),
  detail: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const draftRecord = z.object({
  id: z.string(),
  inbox: z.string(),
  /** Message-ID of the message answered (or the invoice thread), null when it had none. */
  messageId: z.string().nullable(),
  /** Record id of the message answered, null for reminders. */
  recordId: z.string().nullable(),
  /** Invoice id and ladder step, for payment reminders. */
  invoiceId: z.string().nullable(),
  step: z.number().int().nullable(),
  kind: z.enum(DRAFT_KINDS),
  language: z.string(),
  to: z.string(),
  cc: z.array(z.string()),
  subject: z.string(),
  body: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** True when sent without a lead (RFC 3834 acknowledgement: Return-Path only, Auto-Submitted). */
  unattended: z.boolean(),
  sendAt: z.string().nullable(),
  status: z.enum(DRAFT_STATUSES),
  error: z.string().nullable(),
  outgoingMessageId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
  /** Angry mail: when a thorough answer was promised. */
  promisedBy: z.string().nullable(),
  /** Priority for the review queue (the anger score for angry drafts). */
  priority: z.number(),
  audit: z.array(auditEntry),
});
export type DraftRecord = z.infer<typeof draftRecord>;
