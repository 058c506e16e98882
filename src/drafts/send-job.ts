import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Transporter } from 'nodemailer';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { SendJob } from '../queue/jobs.ts';
import { DraftStore } from '../store/drafts.ts';
import { MessageStore } from '../store/messages.ts';
import type { DraftRecord } from '../store/draft-record.ts';
import { buildOutgoing } from '../mail/outgoing.ts';
import { classifySmtpError } from '../mail/smtp-errors.ts';
import {
  agencyAnswered,
  appendSent,
  deleteByUid,
  findByMessageId,
  markAnswered,
} from '../mail/sent-folder.ts';
import { sends } from '../metrics.ts';
import { isReminderStillWanted } from '../reminders/still-due.ts';

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
 * is never sent twice. The price is one narrow window: a crash after the APPEND but before the server's 250
 * counts as sent although it was not (at most once, by choice; the audit says "recovered from Sent folder").
 * A refused send deletes its copy; the `send-refused` marker covers a crash between refusal and deletion.
 */

export interface SendDeps {
  ctx: AppContext;
  transport(inbox: InboxConfig): Transporter;
  /** Fault injection for the crash test: `after-smtp-accept` kills the process right after SMTP says 250. */
  fault?: string;
  /**
   * How long one attempt may hold the per-draft send lock. Two runs of one job at once (a BullMQ stall while
   * the first run is still alive) must not both reach SMTP. Default 2 minutes: longer than an attempt (SMTP
   * socket timeout 60 s), short enough that a crashed holder is outlived within the send backoff.
   */
  sendLockMs?: number;
}

// Deletes the lock only if it is still ours.
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export type SendOutcome =
  | { outcome: 'sent' | 'recovered' | 'cancelled' | 'failed'; draftId: string }
  | { outcome: 'skipped'; draftId: string; status: string };

export interface AttemptInfo {
  /** Attempts BullMQ made before this one. */
  made: number;
  max: number;
}

export class RetryLater extends Error {}

function imapClient(inbox: InboxConfig): ImapFlow {
  return new ImapFlow({
    host: inbox.imap.host,
    port: inbox.imap.port,
    secure: inbox.imap.secure,
    auth: { user: inbox.imap.user, pass: inbox.imap.pass },
    tls: inbox.imap.allowInsecureTls ? { rejectUnauthorized: false } : undefined,
    logger: false,
    connectionTimeout: 15_000,
  });
}

export async function processSendJob(
  deps: SendDeps,
  job: SendJob,
  attempt: AttemptInfo,
): Promise<SendOutcome> {
  const { ctx } = deps;
  const drafts = new DraftStore(ctx.redis, ctx.keys, ctx.clock);
  const d = await drafts.get(job.draftId);
  if (!d) return { outcome: 'skipped', draftId: job.draftId, status: 'missing' };
  if (d.status !== 'scheduled' && d.status !== 'sending')
    return { outcome: 'skipped', draftId: d.id, status: d.status };
  const inbox = ctx.config.inboxes.find((i) => i.id === d.inbox);
  if (!inbox) throw new Error(`draft ${d.id}: inbox "${d.inbox}" is not configured`);
  // Payment reminders: the invoice is read again right before sending (paid/disputed/paused → not sent).
  const wanted = d.status === 'scheduled' ? await isReminderStillWanted(ctx, d) : { wanted: true as const };
  if (!wanted.wanted) {
    await drafts.transition(d.id, {
      from: ['scheduled'],
      to: 'cancelled',
      actor: 'tactful',
      action: 'cancelled',
      detail: wanted.reason,
    });
    return { outcome: 'cancelled', draftId: d.id };
  }
  if (!inbox.smtp) {
    const reason = `inbox "${inbox.id}" has no smtp settings`;
    await drafts.transition(d.id, {
      from: ['scheduled', 'sending'],
      to: 'failed',
      actor: 'tactful',
      action: 'failed',
      detail: reason,
      patch: { error: reason },
    });
    return { outcome: 'failed', draftId: d.id };
  }
  const sent = inbox.imap.sentMailbox;
  const refusedKey = ctx.keys('send-refused', d.id);
  const lockKey = ctx.keys('send-lock', d.id);
  const token = randomUUID();
  if ((await ctx.redis.set(lockKey, token, 'PX', deps.sendLockMs ?? 120_000, 'NX')) !== 'OK')
    throw new RetryLater(`draft ${d.id} is being sent by another run`);
  const client = imapClient(inbox);
  client.on('error', () => undefined);
  try {
    await client.connect();
    let current = d;
    if (d.status === 'scheduled') {
      // Only replies are superseded by a person's answer; a reminder's thread holds our earlier reminders.
      const answered =
        d.kind !== 'payment-reminder' &&
        d.messageId !== null &&
        (await agencyAnswered(client, inbox, d.messageId, d.outgoingMessageId));
      if (answered) {
        await drafts.transition(d.id, {
          from: ['scheduled'],
          to: 'cancelled',
          actor: 'tactful',
          action: 'cancelled',
          detail: 'someone from the agency already answered this thread',
        });
        return { outcome: 'cancelled', draftId: d.id };
      }
      const r = await drafts.transition(d.id, {
        from: ['scheduled'],
        to: 'sending',
        actor: 'tactful',
        action: 'sending',
        detail: `attempt ${attempt.made + 1}`,
      });
      if (!r.ok) return { outcome: 'skipped', draftId: d.id, status: r.draft?.status ?? 'missing' };
      current = r.draft;
    }
    // Every run asks the Sent folder first, not only a run that finds `sending`: a draft a lead re-approves
    // after a crash-and-give-up, or one whose job ran out of attempts, must not go out a second time.
    const copies = await findByMessageId(client, sent, d.outgoingMessageId);
    if (copies.length && !(await ctx.redis.get(refusedKey))) {
      await finishSent(deps, client, inbox, current, true);
      return { outcome: 'recovered', draftId: d.id };
    }
    await deleteByUid(client, sent, copies);
    await ctx.redis.del(refusedKey);

    const out = await buildOutgoing(current, inbox, ctx.config, ctx.clock.now());
    const uid = await appendSent(client, sent, out.raw);
    try {
      await deps.transport(inbox).sendMail({ envelope: out.envelope, raw: out.raw, dsn: out.dsn });
    } catch (err) {
      return await refused(deps, client, inbox, current, uid, err, attempt);
    }
    if (deps.fault === 'after-smtp-accept') process.kill(process.pid, 'SIGKILL');
    await finishSent(deps, client, inbox, current, false);
    return { outcome: 'sent', draftId: d.id };
  } finally {
    await client.logout().catch(() => client.close());
    await ctx.redis.eval(UNLOCK, 1, lockKey, token).catch(() => undefined);
  }
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
  const drafts = new DraftStore(ctx.redis, ctx.keys, ctx.clock);
  const refusedKey = ctx.keys('send-refused', d.id);
  const verdict = classifySmtpError(err);
  // Marker first: if we die before the copy is gone, the next run must not take the copy for a delivery.
  await ctx.redis.set(refusedKey, '1', 'EX', 30 * 86400);
  const copies =
    uid !== null ? [uid] : await findByMessageId(client, inbox.imap.sentMailbox, d.outgoingMessageId);
  await deleteByUid(client, inbox.imap.sentMailbox, copies);
  await ctx.redis.del(refusedKey);
  const reason = `SMTP ${verdict.code ?? 'error'}: ${verdict.message}`;
  const last = attempt.made + 1 >= attempt.max;
  if (!verdict.retry || last) {
    await drafts.transition(d.id, {
      from: ['sending'],
      to: 'failed',
      actor: 'tactful',
      action: 'failed',
      detail: reason,
      patch: { error: reason },
    });
    sends.inc({ inbox: inbox.id, outcome: 'failed' });
    return { outcome: 'failed', draftId: d.id };
  }
  await drafts.transition(d.id, {
    from: ['sending'],
    to: 'scheduled',
    actor: 'tactful',
    action: 'retry',
    detail: reason,
    patch: { error: reason },
  });
  sends.inc({ inbox: inbox.id, outcome: 'retry' });
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
    const original = await new MessageStore(ctx.redis, ctx.keys).get(d.recordId);
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
  await new DraftStore(ctx.redis, ctx.keys, ctx.clock).transition(d.id, {
    from: ['sending'],
    to: 'sent',
    actor: 'tactful',
    action: recovered ? 'sent-recovered' : 'sent',
    detail: recovered
      ? 'a previous run was interrupted; its copy was found in the Sent folder, not sent again'
      : undefined,
    patch: { sentAt: now, error: null },
  });
  sends.inc({ inbox: inbox.id, outcome: recovered ? 'recovered_from_sent_folder' : 'sent' });
}
