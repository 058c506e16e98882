import type { ImapFlow } from 'imapflow';
import type { Transporter } from 'nodemailer';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { SendJob } from '../queue/definitions.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { buildOutgoing } from '../mail/outgoing.ts';
import { classifySmtpError } from '../mail/smtp-errors.ts';
import {
  agencyAnswered,
  appendSent,
  deleteByUid,
  findByMessageId,
  markAnswered,
} from '../mail/sent-folder.ts';
import { createImapClient } from '../mail/imap-client.ts';
import { policyFor } from './policy.ts';
import { renderReply } from './reply-text.ts';
import { moveDraft } from './transitions.ts';

/**
 * Sending one approved draft, exactly once, whatever crashes where. The state machine:
 *
 *   scheduled ──(agency already answered)──▶ cancelled
 *   scheduled ──CAS──▶ sending ──APPEND Sent copy──▶ SMTP ──▶ \Answered on original ──CAS──▶ sent
 *                         │                           └─4xx/network─▶ delete copy ─▶ scheduled (BullMQ backoff)
 *                         │                           └─5xx─────────▶ delete copy ─▶ failed (server's words)
 *                         └─(before every attempt)──▶ SEARCH Sent for our Message-ID
 *                                                    found → sent (not sent again); absent → send
 *
 * The Sent copy is written BEFORE the SMTP transaction, with the same bytes and the Message-ID fixed at draft
 * creation: after a crash between SMTP acceptance and bookkeeping the copy proves the attempt, so the message
 * is never sent twice. The `send-phase` marker says how far the interrupted attempt got: `append` (the copy may
 * exist, SMTP never started: an APPEND cut off by a Dovecot restart can leave one; the chaos run found it) → the
 * copy proves nothing, send; `accepted` (the server said 250) → sent, recovered; `smtp` (killed inside the SMTP
 * transaction) → nobody knows whether the client got it: the draft fails with that reason for a lead to decide,
 * never silently counted as sent and never silently sent twice. A refused send deletes its copy; the
 * `send-refused` marker covers a crash between refusal and deletion.
 */

export interface SendDeps {
  ctx: AppContext;
  transport(inbox: InboxConfig): Transporter;
  /**
   * Fault injection for the crash tests: `after-smtp-accept` kills the process right after SMTP says 250,
   * `after-append` right after the Sent copy is written (before SMTP).
   */
  fault?: string;
  /**
   * How long one attempt may hold the per-draft send lock. Two runs of one job at once (a BullMQ stall while
   * the first run is still alive) must not both reach SMTP. Default 2 minutes: longer than an attempt (SMTP
   * socket timeout 60 s), short enough that a crashed holder is outlived within the send backoff.
   */
  sendLockMs?: number;
}

export type SendOutcome =
  | { outcome: 'sent' | 'recovered' | 'cancelled' | 'failed'; draftId: string }
  | { outcome: 'skipped'; draftId: string; status: string };

export interface AttemptInfo {
  /** Attempts BullMQ made before this one. */
  made: number;
  max: number;
}

export class RetryLater extends Error {}

export async function processSendJob(
  deps: SendDeps,
  job: SendJob,
  attempt: AttemptInfo,
): Promise<SendOutcome> {
  const { ctx } = deps;
  const drafts = ctx.stores.drafts;
  const d = await drafts.get(job.draftId);
  if (!d) return { outcome: 'skipped', draftId: job.draftId, status: 'missing' };
  if (d.status !== 'scheduled' && d.status !== 'sending') {
    // A run that died between `sent` and telling the commitments about it is re-run by BullMQ: tell them now.
    if (d.status === 'sent') await reportSent(ctx, d);
    return { outcome: 'skipped', draftId: d.id, status: d.status };
  }
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox);
  if (!inbox) throw new Error(`draft ${d.id}: inbox "${d.inbox}" is not configured`);
  // Payment reminders: the invoice is read again right before sending (paid/disputed/paused → not sent).
  const policy = policyFor(ctx, d);
  const wanted =
    d.status === 'scheduled' ? await policy.stillWanted(ctx, d, ctx.clock.now()) : { wanted: true as const };
  if (!wanted.wanted) {
    await moveDraft(drafts, d.id, 'withdrawBeforeSend', { actor: 'tactful', detail: wanted.reason });
    return { outcome: 'cancelled', draftId: d.id };
  }
  if (!inbox.smtp) {
    const reason = `inbox "${inbox.id}" has no smtp settings`;
    await moveDraft(drafts, d.id, 'giveUp', { actor: 'tactful', detail: reason, patch: { error: reason } });
    return { outcome: 'failed', draftId: d.id };
  }
  const sent = inbox.imap.sentMailbox;
  const guard = ctx.stores.sendGuard;
  const token = await guard.lock(d.id, deps.sendLockMs ?? 120_000);
  if (token === null) throw new RetryLater(`draft ${d.id} is being sent by another run`);
  const client = createImapClient(inbox.imap, ctx.log, { disableAutoIdle: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    let current = d;
    if (d.status === 'scheduled') {
      // Only replies are superseded by a person's answer; a reminder's thread holds our earlier reminders.
      const answered =
        policy.cancelledByAgencyAnswer &&
        d.messageId !== null &&
        (await agencyAnswered(client, inbox, d.messageId, d.outgoingMessageId));
      if (answered) {
        await moveDraft(drafts, d.id, 'withdrawBeforeSend', {
          actor: 'tactful',
          detail: 'someone from the agency already answered this thread',
        });
        return { outcome: 'cancelled', draftId: d.id };
      }
      const r = await moveDraft(drafts, d.id, 'startSending', {
        actor: 'tactful',
        detail: `attempt ${attempt.made + 1}`,
      });
      if (!r.ok) return { outcome: 'skipped', draftId: d.id, status: r.draft?.status ?? 'missing' };
      current = r.draft;
    }
    // Every run asks the Sent folder first, not only a run that finds `sending`: a draft a lead re-approves
    // after a crash-and-give-up, or one whose job ran out of attempts, must not go out a second time.
    const copies = await findByMessageId(client, sent, d.outgoingMessageId);
    const phase = await guard.phase(d.id);
    if (copies.length && !(await guard.wasRefused(d.id)) && phase !== 'append' && phase !== 'uncertain') {
      if (phase === 'smtp') return await uncertain(deps, current);
      await finishSent(deps, client, inbox, current, true);
      return { outcome: 'recovered', draftId: d.id };
    }
    await deleteByUid(client, sent, copies);
    await guard.clearRefused(d.id);

    // Dates are computed when the mail goes out (docs/tone-rules.md): an unedited reply is rendered again now.
    const now = ctx.clock.now();
    if (current.render && !current.edited) {
      current = {
        ...current,
        body: renderReply(ctx.config, inbox, current.render, current.promisedBy, now).body,
      };
    }
    const out = await buildOutgoing(current, inbox, ctx.config, now);
    await guard.markPhase(d.id, 'append');
    const uid = await appendSent(client, sent, out.raw);
    if (deps.fault === 'after-append') process.kill(process.pid, 'SIGKILL');
    // From here on a Sent copy may mean the server has the message.
    await guard.markPhase(d.id, 'smtp');
    try {
      await deps.transport(inbox).sendMail({ envelope: out.envelope, raw: out.raw, dsn: out.dsn });
    } catch (err) {
      return await refused(deps, client, inbox, current, uid, err, attempt);
    }
    // The server has it: a crash from here on is recovered as sent (the marker is the proof, not the copy).
    await guard.markPhase(d.id, 'accepted');
    if (deps.fault === 'after-smtp-accept') process.kill(process.pid, 'SIGKILL');
    await finishSent(deps, client, inbox, current, false);
    return { outcome: 'sent', draftId: d.id };
  } finally {
    await client.logout().catch(() => client.close());
    await guard.unlock(d.id, token).catch(() => undefined);
  }
}

/**
 * An earlier run was killed inside the SMTP transaction: the client may or may not have the reply. It is handed
 * to a lead as a failed draft with that reason (a retry sends it again, a conscious choice); the Sent copy stays
 * for them to see, marked as proving nothing.
 */
async function uncertain(deps: SendDeps, d: DraftRecord): Promise<SendOutcome> {
  const { ctx } = deps;
  const reason =
    'uncertain: the sending process stopped during the SMTP exchange, so the client may or may not have received this reply; check (e.g. the outgoing server log or with the client) before retrying — a retry sends it again';
  await ctx.stores.sendGuard.markPhase(d.id, 'uncertain');
  await moveDraft(ctx.stores.drafts, d.id, 'uncertain', {
    actor: 'tactful',
    detail: reason,
    patch: { error: reason },
  });
  ctx.metrics.sends.inc({ inbox: d.inbox, outcome: 'uncertain' });
  return { outcome: 'failed', draftId: d.id };
}

async function refused(
  deps: SendDeps,
  client: ImapFlow,
  inbox: InboxConfig,
  d: DraftRecord,
  uid: number | null,
  err: unknown,
  attempt: AttemptInfo,
): Promise<SendOutcome> {
  const { ctx } = deps;
  const drafts = ctx.stores.drafts;
  const verdict = classifySmtpError(err);
  // Marker first: if we die before the copy is gone, the next run must not take the copy for a delivery. With
  // Redis unreachable (a restart) the copy must go all the same, or the next run would take it for a delivery
  // and the reply would never be sent; the attempt then fails and is retried.
  const markError = await ctx.stores.sendGuard.markRefused(d.id).then(
    () => null,
    (e: unknown) => e as Error,
  );
  const copies =
    uid !== null ? [uid] : await findByMessageId(client, inbox.imap.sentMailbox, d.outgoingMessageId);
  await deleteByUid(client, inbox.imap.sentMailbox, copies);
  if (markError)
    throw new Error(
      `SMTP refused (${verdict.code ?? 'error'}) and Redis did not answer: ${markError.message}`,
    );
  await ctx.stores.sendGuard.clearRefused(d.id);
  await ctx.stores.sendGuard.clearPhase(d.id);
  const reason = `SMTP ${verdict.code ?? 'error'}: ${verdict.message}`;
  const last = attempt.made + 1 >= attempt.max;
  if (!verdict.retry || last) {
    await moveDraft(drafts, d.id, 'refuse', { actor: 'tactful', detail: reason, patch: { error: reason } });
    ctx.metrics.sends.inc({ inbox: inbox.id, outcome: 'failed' });
    return { outcome: 'failed', draftId: d.id };
  }
  await moveDraft(drafts, d.id, 'retryLater', { actor: 'tactful', detail: reason, patch: { error: reason } });
  ctx.metrics.sends.inc({ inbox: inbox.id, outcome: 'retry' });
  throw new RetryLater(reason);
}

/** \Answered on the original first (idempotent), then the status: a crash in between just repeats the flag. */
async function finishSent(
  deps: SendDeps,
  client: ImapFlow,
  inbox: InboxConfig,
  d: DraftRecord,
  recovered: boolean,
): Promise<void> {
  const { ctx } = deps;
  if (d.recordId) {
    const original = await ctx.stores.messages.get(d.recordId);
    if (original) {
      await markAnswered(client, inbox, original).catch((err: unknown) =>
        ctx.log.warn(
          { draftId: d.id, err: (err as Error).message },
          'could not set \\Answered on the original',
        ),
      );
    }
  }
  const now = ctx.clock.now().toISOString();
  const r = await moveDraft(ctx.stores.drafts, d.id, recovered ? 'sentRecovered' : 'sent', {
    actor: 'tactful',
    detail: recovered
      ? 'a previous run was interrupted; its copy was found in the Sent folder, not sent again'
      : undefined,
    // The text as it went out (rendered at send time), so the record shows what the client read.
    patch: { sentAt: now, error: null, ...(recovered ? {} : { body: d.body }) },
  });
  ctx.metrics.sends.inc({ inbox: inbox.id, outcome: recovered ? 'recovered_from_sent_folder' : 'sent' });
  // Tidying only: a sent draft is never attempted again (the marker would expire on its own).
  await ctx.stores.sendGuard.clearPhase(d.id).catch(() => undefined);
  if (r.ok) await reportSent(ctx, r.draft);
}

/**
 * Tells the commitments (through the context) that a reply went out: it keeps a reply-by clock, or moves it to
 * the time an acknowledgement promised. Idempotent; a failure is logged, never allowed to make a delivered mail
 * look failed (the send is done, and a retry would only find it sent).
 */
async function reportSent(ctx: AppContext, d: DraftRecord): Promise<void> {
  await ctx.conversation
    .draftSent(ctx, d)
    .catch((err: unknown) =>
      ctx.log.error({ draftId: d.id, err: (err as Error).message }, 'commitments not told of a sent draft'),
    );
}

/** Out of attempts on something other than SMTP: the draft says so instead of staying `scheduled` forever. */
export async function giveUpSending(ctx: AppContext, draftId: string, err: Error): Promise<void> {
  const reason = `could not send: ${err.message.replace(/\s+/g, ' ').slice(0, 300)}`;
  await moveDraft(ctx.stores.drafts, draftId, 'giveUp', {
    actor: 'tactful',
    detail: reason,
    patch: { error: reason },
  });
}
