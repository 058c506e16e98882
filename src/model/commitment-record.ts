import { z } from 'zod';

/**
 * A commitment: a client is waiting for a person's answer in one conversation, by a reply-by time in the inbox's
 * business hours (issue 13). Opened by the first client message that needs an answer; further client messages in
 * the same thread join it without resetting the clock.
 *
 *   open ──answer before dueAt──▶ kept
 *     │ └─answer after dueAt───▶ answered-late
 *     ├─dueAt passes────────────▶ breached ──answer──▶ answered-late
 *     └─a lead: no answer needed▶ closed  (also from breached)
 */
export const COMMITMENT_STATUSES = ['open', 'breached', 'kept', 'answered-late', 'closed'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** The client is still waiting in these. */
export const WAITING_STATUSES = ['open', 'breached'] as const satisfies readonly CommitmentStatus[];

/** What set the reply-by time: the inbox's target for the message's tone, or a promise in a sent acknowledgement. */
export const COMMITMENT_BASES = ['reply', 'angry', 'urgent', 'promise'] as const;
export type CommitmentBasis = (typeof COMMITMENT_BASES)[number];

export const ALERT_KINDS = ['due-soon', 'breach'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Where an agency answer was seen. */
export const ANSWER_VIAS = ['sent-folder', 'inbox', 'tactful'] as const;
export type AnswerVia = (typeof ANSWER_VIAS)[number];

const historyEntry = z.object({
  at: z.string(),
  /** A lead's email, an API token (`api:<name>`), or `tactful`. */
  actor: z.string(),
  action: z.string(),
  detail: z.string().optional(),
});

/** One alert as the web view shows it; `delivery` says what became of each channel (`email:<addr>`, `webhook`). */
export const commitmentAlert = z.object({
  kind: z.enum(ALERT_KINDS),
  /** The reply-by time it was about (a changed time gets alerts of its own). */
  dueAt: z.string(),
  at: z.string(),
  recipients: z.array(z.string()),
  delivery: z.record(z.string(), z.string()),
});
export type CommitmentAlert = z.infer<typeof commitmentAlert>;

export const commitmentRecord = z.object({
  /** `c_<record id of the opening message>`: opening twice (a retried job) is a no-op. */
  id: z.string(),
  inbox: z.string(),
  /** The conversation (src/model/thread-record.ts). */
  thread: z.string(),
  client: z.object({ address: z.string(), name: z.string() }),
  subject: z.string(),
  /** Record ids of the client's messages it covers, the opening one first. */
  records: z.array(z.string()),
  /** Arrival of the opening message: the clock starts here. */
  openedAt: z.string(),
  basis: z.enum(COMMITMENT_BASES),
  dueAt: z.string(),
  /** The sent acknowledgement whose promise is the reply-by time (basis `promise`). */
  promiseDraftId: z.string().nullable(),
  status: z.enum(COMMITMENT_STATUSES),
  /** The lead who took the thread: alerts go to them first. */
  owner: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answer: z.object({ via: z.enum(ANSWER_VIAS), messageId: z.string().nullable() }).nullable(),
  /** Business hours from openedAt to the first answer (the response report's measure). */
  firstResponseBusinessHours: z.number().nullable(),
  breachedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  alerts: z.array(commitmentAlert),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(historyEntry),
});
export type CommitmentRecord = z.infer<typeof commitmentRecord>;

export const commitmentIdFor = (recordId: string) => `c_${recordId}`;

/** A lead's free-text note on a client (docs/tone-rules.md: document problem clients). */
export const clientNote = z.object({
  id: z.string(),
  at: z.string(),
  author: z.string(),
  text: z.string(),
});
export type ClientNote = z.infer<typeof clientNote>;

/** One message in a client's history: theirs (`in`) or ours (`out`), for the client record. */
export const clientEvent = z.object({
  id: z.string(),
  at: z.string(),
  direction: z.enum(['in', 'out']),
  thread: z.string(),
  subject: z.string(),
  messageId: z.string().nullable(),
  /** Their messages: the record, its language and tone. */
  recordId: z.string().optional(),
  language: z.string().optional(),
  angerScore: z.number().optional(),
  angry: z.boolean().optional(),
  urgent: z.boolean().optional(),
  /** Ours: where it was seen, and the draft when it went through Tactful. */
  via: z.enum(ANSWER_VIAS).optional(),
  draftId: z.string().optional(),
  kind: z.string().optional(),
});
export type ClientEvent = z.infer<typeof clientEvent>;
