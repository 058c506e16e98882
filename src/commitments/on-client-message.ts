import type { AppContext } from '../context.ts';
import type { MessageRecord } from '../model/message-record.ts';
import { isAutomatedMail, type TriageResult } from '../model/triage-result.ts';
import { newTextOf } from '../triage/triage.ts';
import { SUPPORTED_LANGUAGES } from '../drafts/reply-text.ts';
import { emptyThread, resolveThread } from './conversation.ts';
import { needsAnswer } from './needs-answer.ts';
import { answer, openOrJoin } from './lifecycle.ts';
import { cancelFollowUps } from './follow-up.ts';

/**
 * Mail older than this when it is triaged (a first sync of an old mailbox, `startFrom: all`) is history: it is
 * remembered in its thread and the client record, but opens no reply-by clock — nobody wants a hundred breach
 * alerts for last month's mail.
 */
const HISTORY_MS = 7 * 86_400_000;

/**
 * A client's triaged message: remembered in its conversation and the client's history; the client has now
 * answered whatever the agency asked (follow-ups cancelled); and if it waits for an answer, it opens the thread's
 * commitment or joins the one already open.
 */
export async function onClientMessage(
  ctx: AppContext,
  record: MessageRecord & { triage: TriageResult },
): Promise<void> {
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  const address = (record.from?.address ?? '').trim().toLowerCase();
  if (!inbox || !address) return;
  const client = { address, name: record.from?.name ?? '' };
  const at = new Date(record.internalDate).toISOString();
  const threadId = await resolveThread(ctx, inbox.id, record, `record:${record.id}`);
  const language = SUPPORTED_LANGUAGES.has(record.triage.language) ? record.triage.language : null;
  const now = ctx.clock.now().toISOString();
  const { after: thread } = await ctx.stores.threads.update(inbox.id, threadId, (t) => {
    const base = t ?? emptyThread(inbox.id, threadId, record.messageId ?? `record:${record.id}`, now);
    if (base.lastClient?.recordId === record.id) return t ? null : base;
    const newer = !base.lastClient || Date.parse(at) >= Date.parse(base.lastClient.at);
    return {
      ...base,
      client: base.client ?? client,
      subject: base.subject || record.subject,
      language: newer ? (language ?? base.language) : base.language,
      lastClient: newer ? { at, recordId: record.id } : base.lastClient,
      updatedAt: now,
    };
  });
  if (!thread) return;
  await ctx.stores.clients.addEvent(inbox.id, address, {
    id: record.messageId ?? record.id,
    at,
    direction: 'in',
    thread: threadId,
    subject: record.subject,
    messageId: record.messageId,
    recordId: record.id,
    language: record.triage.language,
    angerScore: record.triage.angerScore,
    angry: record.triage.angry,
    // `urgent` comes with the tone model's result; results stored before it have none.
    ...(record.triage.urgent !== undefined ? { urgent: record.triage.urgent } : {}),
  });
  // The client wrote after the agency's last message: whatever was asked has an answer (or a reaction).
  if (thread.lastAgency && Date.parse(at) > Date.parse(thread.lastAgency.at))
    await cancelFollowUps(ctx, thread, 'the client answered');

  const automated = isAutomatedMail(record.triage);
  if (!needsAnswer({ text: newTextOf(record), automated, fromAgency: false })) return;
  if (ctx.clock.now().getTime() - Date.parse(at) > HISTORY_MS) return;
  const commitment = await openOrJoin(ctx, {
    inbox,
    threadId,
    record,
    client,
    owner: thread.owner,
  });
  // Answered before we saw the question (the Sent folder was read before this message was ingested).
  if (commitment && thread.lastAgency && Date.parse(thread.lastAgency.at) > Date.parse(commitment.openedAt)) {
    await answer(ctx, commitment.id, {
      at: thread.lastAgency.at,
      via: thread.lastAgency.via,
      messageId: thread.lastAgency.messageId,
    });
  }
}
