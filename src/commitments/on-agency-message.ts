import type { AppContext } from '../context.ts';
import type { AnswerVia } from '../model/commitment-record.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { AgencyMessage } from '../model/conversation-events.ts';
import { asksClient } from './asks-client.ts';
import { emptyThread, ownAddresses, resolveThread } from './conversation.ts';
import { answer } from './lifecycle.ts';
import { cancelFollowUps, scheduleFollowUp } from './follow-up.ts';

/** The agency wrote in a conversation: seen in Sent, arriving from the inbox address, or sent through Tactful. */
export interface AgencyAnswer extends Omit<AgencyMessage, 'via'> {
  via: AnswerVia;
  /** The draft, when it went through Tactful. */
  draft?: Pick<DraftRecord, 'id' | 'kind'>;
}

/**
 * The agency's own message in a thread: it keeps the thread's open commitment (or records it answered late),
 * becomes the thread's last word (so a question in it plans a follow-up for a silent client), and makes any
 * follow-up still waiting in the thread obsolete — a person has written since.
 */
export async function onAgencyMessage(ctx: AppContext, m: AgencyAnswer): Promise<void> {
  const inbox = ctx.config.inboxes.find((i) => i.id === m.inbox);
  if (!inbox) return;
  const own = ownAddresses(inbox);
  const recipient = m.to.map((a) => a.toLowerCase()).find((a) => a && !own.has(a));
  const threadId = await resolveThread(ctx, inbox.id, m, `sent:${m.at}:${m.subject}`);
  const asked = asksClient(m.text);
  const now = ctx.clock.now().toISOString();
  const { before, after: thread } = await ctx.stores.threads.update(inbox.id, threadId, (t) => {
    const base = t ?? emptyThread(inbox.id, threadId, m.messageId ?? threadId, now);
    if (base.lastAgency && m.messageId && base.lastAgency.messageId === m.messageId) return t ? null : base;
    const newer = !base.lastAgency || Date.parse(m.at) >= Date.parse(base.lastAgency.at);
    return {
      ...base,
      // A conversation the agency starts is with whoever it wrote to.
      client: base.client ?? (recipient ? { address: recipient, name: '' } : null),
      subject: base.subject || m.subject,
      lastAgency: newer ? { at: m.at, messageId: m.messageId, asked, via: m.via } : base.lastAgency,
      updatedAt: now,
    };
  });
  if (!thread) return;
  const client = thread.client?.address ?? recipient;
  if (client)
    await ctx.stores.clients.addEvent(inbox.id, client, {
      id: m.messageId ?? `${m.via}:${m.at}`,
      at: m.at,
      direction: 'out',
      thread: threadId,
      subject: m.subject,
      messageId: m.messageId,
      via: m.via,
      ...(m.draft ? { draftId: m.draft.id, kind: m.draft.kind } : {}),
    });
  if (thread.openCommitment)
    await answer(ctx, thread.openCommitment, { at: m.at, via: m.via, messageId: m.messageId });
  const becameLast =
    thread.lastAgency?.messageId === m.messageId && before?.lastAgency?.messageId !== m.messageId;
  if (!becameLast) return;
  // A person wrote since: a follow-up still waiting (for the previous message) says something they may have said.
  if (before) await cancelFollowUps(ctx, before, 'someone from the agency wrote again', m.draft?.id);
  await scheduleFollowUp(ctx, inbox, thread);
}
