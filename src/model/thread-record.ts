import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ANSWER_VIAS } from './commitment-record.ts';

/**
 * A conversation of one inbox, as commitments and follow-ups see it: who the client is, when each side last
 * wrote, and whether the agency's last mail asked the client for something. Keyed by the thread's root
 * Message-ID (src/commitments/thread-key.ts).
 */
export const threadRecord = z.object({
  id: z.string(),
  inbox: z.string(),
  root: z.string(),
  client: z.object({ address: z.string(), name: z.string() }).nullable(),
  subject: z.string(),
  /** The client's language (their last triaged message), for a follow-up. */
  language: z.string().nullable(),
  lastClient: z.object({ at: z.string(), recordId: z.string() }).nullable(),
  lastAgency: z
    .object({
      at: z.string(),
      messageId: z.string().nullable(),
      /** It asked the client for something (a question, approval, material). */
      asked: z.boolean(),
      via: z.enum(ANSWER_VIAS),
    })
    .nullable(),
  /** Follow-ups drafted in this thread (at most two), each for the agency message it follows up. */
  followUps: z.array(z.object({ n: z.number().int(), after: z.string(), draftId: z.string() })),
  owner: z.string().nullable(),
  /** The commitment the client is waiting on (open or breached), if any. */
  openCommitment: z.string().nullable(),
  updatedAt: z.string(),
});
export type ThreadRecord = z.infer<typeof threadRecord>;

/** A thread id from the inbox and the root Message-ID: the same conversation gets the same id in any process. */
export function threadIdFor(inbox: string, root: string): string {
  return 't' + createHash('sha256').update(`${inbox}\0${root.toLowerCase()}`).digest('hex').slice(0, 20);
}
