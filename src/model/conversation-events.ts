import type { DraftRecord } from './draft-record.ts';
import type { MessageRecord } from './message-record.ts';

/**
 * A message the agency wrote in a conversation, wherever it was seen: filed in the Sent folder by any mail
 * client, arriving in the inbox from the inbox address, or sent through Tactful.
 */
export interface AgencyMessage {
  inbox: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Recipients (lower case): who the conversation is with when it is new. */
  to: string[];
  subject: string;
  /** When it was written: the Date header, else when it was filed. ISO. */
  at: string;
  /** What the agency wrote in it (quoted history removed): decides whether it asked the client for something. */
  text: string;
  via: 'sent-folder' | 'inbox';
}

/**
 * What drafts, messages and ingest tell the commitments domain (src/commitments/events.ts), wired by the
 * composition root (src/create-context.ts) so that none of them imports commitments: arrows stay one way
 * (commitments → drafts). `C` is the service context, a parameter for the same reason as DraftPolicy's.
 * Every event may arrive twice (a retried job, a re-scanned folder): handlers are idempotent.
 */
export interface ConversationEvents<C> {
  /** A message in the inbox was triaged: a client's (maybe waiting for an answer) or the agency's own. */
  messageTriaged(ctx: C, record: MessageRecord): Promise<void>;
  /** A draft went out through Tactful (after its `sent` transition). */
  draftSent(ctx: C, draft: DraftRecord): Promise<void>;
  /** New messages in an inbox's Sent folder, filed by any mail client (Tactful's own are left out). */
  sentFolderMessages(ctx: C, messages: AgencyMessage[]): Promise<void>;
}

/** For contexts without commitments (a CLI command, a unit test): every event ignored. */
export const IGNORE_CONVERSATION_EVENTS: ConversationEvents<unknown> = {
  messageTriaged: async () => undefined,
  draftSent: async () => undefined,
  sentFolderMessages: async () => undefined,
};
