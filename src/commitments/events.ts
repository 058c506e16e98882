import type { AppContext } from '../context.ts';
import type { ConversationEvents } from '../model/conversation-events.ts';
import type { DraftKind } from '../model/draft-kinds.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { MessageRecord } from '../model/message-record.ts';
import { commitmentIdFor } from '../model/commitment-record.ts';
import { isOwnMessageId } from '../triage/auto-reply-guard.ts';
import { newTextOf } from '../triage/triage.ts';
import { ownAddresses } from './conversation.ts';
import { threadIds } from './thread-key.ts';
import { onAgencyMessage } from './on-agency-message.ts';
import { onClientMessage } from './on-client-message.ts';
import { promise } from './lifecycle.ts';

/**
 * Acknowledgements are no answer: an after-hours note or a calm "we will answer by Wednesday 17:00" never keeps
 * a commitment (issue 13). The ones that promise a time move the reply-by clock to it when they are SENT.
 */
const ACKNOWLEDGEMENTS: ReadonlySet<DraftKind> = new Set(['after-hours', 'angry', 'angry-after-hours']);

async function messageTriaged(ctx: AppContext, record: MessageRecord): Promise<void> {
  if (!record.triage || record.error) return;
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  if (!inbox) return;
  // Our own mail come back (a Bcc, a server that files a copy): Tactful already knows it from the send.
  const domains = [...ownAddresses(inbox)].map((a) => a.split('@')[1]!);
  if (record.messageId && isOwnMessageId(record.messageId, domains)) return;
  if (ownAddresses(inbox).has((record.from?.address ?? '').toLowerCase())) {
    // Someone from the agency answered from their own mail program, with the inbox address (or Cc to it).
    await onAgencyMessage(ctx, {
      inbox: inbox.id,
      messageId: record.messageId,
      inReplyTo: record.inReplyTo,
      references: record.references,
      to: [...record.to, ...record.cc].map((a) => a.address.toLowerCase()),
      subject: record.subject,
      at: record.date ?? record.internalDate,
      text: newTextOf(record),
      via: 'inbox',
    });
    return;
  }
  await onClientMessage(ctx, { ...record, triage: record.triage });
}

async function draftSent(ctx: AppContext, d: DraftRecord): Promise<void> {
  if (ACKNOWLEDGEMENTS.has(d.kind)) {
    if (!d.promisedBy) return;
    const thread = await ctx.stores.threads.lookup(d.inbox, threadIds(d).ids);
    const t = thread ? await ctx.stores.threads.get(d.inbox, thread) : null;
    const id = t?.openCommitment ?? (d.recordId ? commitmentIdFor(d.recordId) : null);
    if (id) await promise(ctx, id, { draftId: d.id, promisedBy: d.promisedBy });
    return;
  }
  // A reminder step is the ladder's business, not an answer to anything the client asked.
  if (d.kind === 'payment-reminder') return;
  await onAgencyMessage(ctx, {
    inbox: d.inbox,
    messageId: d.outgoingMessageId,
    inReplyTo: d.inReplyTo,
    references: d.references,
    to: [d.to, ...d.cc],
    subject: d.subject,
    at: d.sentAt ?? ctx.clock.now().toISOString(),
    text: d.body,
    via: 'tactful',
    draft: d,
  });
}

/** What the rest of Tactful tells the commitments domain; wired in src/create-context.ts. */
export const commitmentEvents: ConversationEvents<AppContext> = {
  messageTriaged,
  draftSent,
  async sentFolderMessages(ctx, messages) {
    for (const m of messages) await onAgencyMessage(ctx, m);
  },
};
