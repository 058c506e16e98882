import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import {
  commitmentIdFor,
  WAITING_STATUSES,
  type AnswerVia,
  type CommitmentRecord,
} from '../model/commitment-record.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import { inboxCalendar } from '../drafts/send-at.ts';
import { businessHoursBetween } from './business-time.ts';
import { dueAtFor, targetFor } from './deadline.ts';
import { cancelAlerts, scheduleAlerts } from './alerts.ts';

/**
 * A commitment's life (src/model/commitment-record.ts): opened by a client message, joined by the client's
 * later messages in the same thread (the clock is not reset), moved to a promised time when an acknowledgement
 * that promises one is sent, kept or answered late by the agency's answer, closed by a lead. Every step is a
 * compare-and-set and may run twice.
 */

const waiting = (c: CommitmentRecord) => (WAITING_STATUSES as readonly string[]).includes(c.status);
const entry = (at: string, actor: string, action: string, detail?: string) => ({
  at,
  actor,
  action,
  ...(detail ? { detail: detail.slice(0, 1000) } : {}),
});

export interface Opening {
  inbox: InboxConfig;
  threadId: string;
  record: MessageRecord & { triage: TriageResult };
  client: { address: string; name: string };
  owner: string | null;
}

/**
 * Opens the commitment of a client message, or adds the message to the one its thread already has (a client
 * who writes again does not reset the clock). Returns the commitment the message belongs to.
 */
export async function openOrJoin(ctx: AppContext, o: Opening): Promise<CommitmentRecord | null> {
  const id = commitmentIdFor(o.record.id);
  const threads = ctx.stores.threads;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { after } = await threads.update(o.inbox.id, o.threadId, (t) =>
      t && t.openCommitment === null ? { ...t, openCommitment: id } : null,
    );
    const holder = after?.openCommitment ?? null;
    if (holder === null) return null; // the thread record is missing: nothing to hang it on
    if (holder === id) return create(ctx, o, id);
    const current = await ctx.stores.commitments.get(holder);
    if (current && waiting(current)) {
      const { commitment } = await ctx.stores.commitments.update(holder, (c) =>
        c.records.includes(o.record.id) || !waiting(c)
          ? null
          : {
              ...c,
              records: [...c.records, o.record.id],
              updatedAt: now(ctx),
              history: [
                ...c.history,
                entry(now(ctx), 'tactful', 'client-wrote-again', o.record.messageId ?? ''),
              ],
            },
      );
      if (commitment && waiting(commitment)) return commitment;
    }
    // The thread points at a commitment that is over (or never got stored: a crash in between): free it.
    await threads.update(o.inbox.id, o.threadId, (t) =>
      t && t.openCommitment === holder ? { ...t, openCommitment: null } : null,
    );
  }
  throw new Error(`thread ${o.threadId}: could not open a commitment`);
}

async function create(ctx: AppContext, o: Opening, id: string): Promise<CommitmentRecord> {
  const at = now(ctx);
  const openedAt = new Date(o.record.internalDate);
  const target = targetFor(o.inbox, o.record.triage);
  const dueAt = dueAtFor(inboxCalendar(o.inbox), openedAt, target.hours).toISOString();
  const { commitment, created } = await ctx.stores.commitments.createIfAbsent({
    id,
    inbox: o.inbox.id,
    thread: o.threadId,
    client: o.client,
    subject: o.record.subject,
    records: [o.record.id],
    openedAt: openedAt.toISOString(),
    basis: target.basis,
    dueAt,
    promiseDraftId: null,
    status: 'open',
    owner: o.owner,
    answeredAt: null,
    answer: null,
    firstResponseBusinessHours: null,
    breachedAt: null,
    closedAt: null,
    closeReason: null,
    alerts: [],
    createdAt: at,
    updatedAt: at,
    history: [entry(at, 'tactful', 'opened', `${target.basis}: ${target.hours} business hours`)],
  });
  if (created || waiting(commitment)) await scheduleAlerts(ctx, commitment);
  return commitment;
}

export interface Answer {
  at: string;
  via: AnswerVia;
  messageId: string | null;
}

/**
 * The agency answered in the thread: kept when the answer was written by the reply-by time, answered late
 * after it. An answer written before the client's message (a folder scanned late) answers something else.
 */
export async function answer(
  ctx: AppContext,
  commitmentId: string,
  a: Answer,
): Promise<CommitmentRecord | null> {
  const { commitment, changed } = await ctx.stores.commitments.update(commitmentId, (c) => {
    if (!waiting(c) || Date.parse(a.at) <= Date.parse(c.openedAt)) return null;
    const inbox = ctx.config.inboxes.find((i) => i.id === c.inbox);
    const late = Date.parse(a.at) > Date.parse(c.dueAt);
    const hours = inbox
      ? businessHoursBetween(inboxCalendar(inbox), new Date(c.openedAt), new Date(a.at))
      : null;
    return {
      ...c,
      status: late ? 'answered-late' : 'kept',
      answeredAt: a.at,
      answer: { via: a.via, messageId: a.messageId },
      firstResponseBusinessHours: hours === null ? null : Math.round(hours * 100) / 100,
      breachedAt: late ? (c.breachedAt ?? c.dueAt) : null,
      updatedAt: now(ctx),
      history: [
        ...c.history,
        entry(now(ctx), 'tactful', late ? 'answered-late' : 'kept', `${a.via} ${a.messageId ?? ''}`),
      ],
    };
  });
  if (changed && commitment) await settle(ctx, commitment);
  return changed ? commitment : null;
}

/**
 * An acknowledgement that promised an answer by a time went out: that promise is now the reply-by time. A
 * promise sent after the target had already passed does not undo the breach.
 */
export async function promise(
  ctx: AppContext,
  commitmentId: string,
  p: { draftId: string; promisedBy: string },
): Promise<CommitmentRecord | null> {
  const promisedBy = new Date(p.promisedBy).toISOString();
  const { commitment, changed, before } = await update(ctx, commitmentId, (c) =>
    c.status !== 'open' || (c.basis === 'promise' && c.dueAt === promisedBy)
      ? null
      : {
          ...c,
          basis: 'promise',
          dueAt: promisedBy,
          promiseDraftId: p.draftId,
          updatedAt: now(ctx),
          history: [
            ...c.history,
            entry(now(ctx), 'tactful', 'promised', `by ${promisedBy} (draft ${p.draftId})`),
          ],
        },
  );
  if (!changed || !commitment || !before) return null;
  await cancelAlerts(ctx, before, before.dueAt);
  await scheduleAlerts(ctx, commitment);
  return commitment;
}

/** A lead decides no answer is needed. */
export async function close(
  ctx: AppContext,
  commitmentId: string,
  actor: string,
  reason: string,
): Promise<CommitmentRecord | null> {
  const { commitment, changed } = await ctx.stores.commitments.update(commitmentId, (c) =>
    !waiting(c)
      ? null
      : {
          ...c,
          status: 'closed',
          closedAt: now(ctx),
          closeReason: reason || 'no answer needed',
          updatedAt: now(ctx),
          history: [...c.history, entry(now(ctx), actor, 'closed', reason || 'no answer needed')],
        },
  );
  if (changed && commitment) await settle(ctx, commitment);
  return changed ? commitment : null;
}

/** Over (kept, late, closed): the thread is free for the next commitment, and pending alerts go. */
async function settle(ctx: AppContext, c: CommitmentRecord): Promise<void> {
  await ctx.stores.threads.update(c.inbox, c.thread, (t) =>
    t && t.openCommitment === c.id ? { ...t, openCommitment: null, updatedAt: now(ctx) } : null,
  );
  await cancelAlerts(ctx, c, c.dueAt);
}

async function update(ctx: AppContext, id: string, change: (c: CommitmentRecord) => CommitmentRecord | null) {
  let before: CommitmentRecord | null = null;
  const r = await ctx.stores.commitments.update(id, (c) => {
    before = c;
    return change(c);
  });
  return { ...r, before: before as CommitmentRecord | null };
}

const now = (ctx: AppContext) => ctx.clock.now().toISOString();
