/**
 * Every BullMQ queue Tactful uses. Renaming one strands the jobs already waiting in Redis under the old name,
 * so names are frozen: add new queues, never rename.
 */
export const QUEUES = Object.freeze({
  /** A new IMAP message: fetch its source, parse, store the record. */
  ingest: 'ingest',
  /** A stored message: decide language, tone, after-hours, automated, payment. */
  triage: 'triage',
  /** A triaged message: render the reply draft, if any. */
  draft: 'draft',
  /** An approved draft, delayed until its sendAt. */
  send: 'send',
  /** Invoice reminder steps, delayed until they are due. */
  reminder: 'reminder',
  /** Reply-by alerts to leads ("due soon", "breached"), delayed until their moment. */
  alert: 'alert',
  /** A quiet client's follow-up, delayed until the agency has waited long enough. */
  followUp: 'follow-up',
  /** A lead's morning digest, delayed until the first opening of a working day. */
  digest: 'digest',
} as const);

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
