import { z } from 'zod';
import { DRAFT_KINDS } from './draft-kinds.ts';

/**
 * A drafted reply (or payment reminder, or a reply about an invoice) and its life:
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

/**
 * What a reply's text is made of, kept so the text can be rendered again when it goes out (docs/tone-rules.md: dates
 * computed when the mail goes out, never when it was drafted). `words` are fixed when the draft is made
 * (greeting, the matter in our words, subject, signature); times are computed at render time.
 */
export const replyRender = z.object({
  template: z.string(),
  language: z.string(),
  words: z.record(z.string(), z.string()),
  /** The client's clock (Date header offset, minutes east of UTC), for "11:00 your time"; null when unknown. */
  clientOffset: z.number().int().nullable(),
  urgent: z.boolean(),
});
export type ReplyRender = z.infer<typeof replyRender>;

export const draftRecord = z.object({
  id: z.string(),
  inbox: z.string(),
  /** Message-ID of the message answered (or the invoice thread), null when it had none. */
  messageId: z.string().nullable(),
  /** Record id of the message answered, null for reminders. */
  recordId: z.string().nullable(),
  /** Invoice id and ladder step, for payment reminders; the invoice id alone for a payment reply. */
  invoiceId: z.string().nullable(),
  step: z.number().int().nullable(),
  /** A follow-up to a quiet client: its conversation and which follow-up it is there (1 or 2); absent otherwise. */
  followUp: z.object({ thread: z.string(), n: z.number().int().min(1) }).optional(),
  /** A reminder step drafted again after its first draft never went out (2, 3 …); absent otherwise. */
  attempt: z.number().int().min(2).optional(),
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
  /** How to render the text again at send time; absent for texts that are final when drafted. */
  render: replyRender.nullable().optional(),
  /** A lead edited the text: it goes out as approved, never re-rendered. */
  edited: z.boolean().optional(),
  audit: z.array(auditEntry),
});
export type DraftRecord = z.infer<typeof draftRecord>;
