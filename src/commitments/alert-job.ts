import type { AppContext } from '../context.ts';
import type { AlertJob } from '../queue/definitions.ts';
import { WAITING_STATUSES, type CommitmentRecord } from '../model/commitment-record.ts';
import { alertMoments } from './alerts.ts';
import { alertRecipients } from './recipients.ts';
import { alertText } from './notice-text.ts';
import { DeliveryError, emailLead, noticeMessageId, postWebhook } from './notify.ts';

/**
 * One alert of one commitment, at its moment ("due soon" or the breach), to every channel at most once:
 *
 *   commitment changed (kept, closed, a new reply-by time)? ──▶ nothing
 *   breach: open ──▶ breached                    (the status is the truth; the alert only reports it)
 *   recorded on the commitment                    (the web view: "Due soon / Overdue", the badge)
 *   per channel (email to each lead, the webhook):
 *     claim in the store ──▶ send ──▶ mark sent   (claimed already? skip: sent, being sent, or lost)
 *
 * AT MOST ONCE, by choice, as the reply path chooses exactly-once-or-less: the claim is taken before sending,
 * so a crash, a restart or a second worker never sends an alert twice. The price is a narrow window: a process
 * that dies between the claim and the send loses that one email or post — the alert is still on the commitment
 * and in the web view, which were written first. A send that failed DEFINITELY (the server refused, the
 * connection never opened) gives its claim back and the job retries; one whose outcome is unknown (a timeout
 * after the request left) keeps it and says so on the commitment.
 */

/** An alert whose moment passed this long ago (the service was down) is shown, not emailed: it is old news. */
const STALE_MS = 12 * 3_600_000;

export type AlertOutcome =
  | { kind: 'alerted'; channels: Record<string, string> }
  | { kind: 'none'; reason: string }
  | { kind: 'wait'; until: Date };

export interface AlertOptions {
  /** Fault injection for the crash test: `after-alert-email` kills the process once an email was accepted. */
  fault?: string;
}

const waiting = (c: CommitmentRecord) => (WAITING_STATUSES as readonly string[]).includes(c.status);

export async function runAlert(
  ctx: AppContext,
  job: AlertJob,
  opts: AlertOptions = {},
): Promise<AlertOutcome> {
  const store = ctx.stores.commitments;
  const found = await store.get(job.commitmentId);
  if (!found) return { kind: 'none', reason: 'no such commitment' };
  if (found.dueAt !== job.dueAt) return { kind: 'none', reason: 'the reply-by time changed' };
  const inbox = ctx.config.inboxes.find((i) => i.id === found.inbox);
  const moment = alertMoments(ctx, found).find((m) => m.kind === job.kind);
  if (!inbox || !moment) return { kind: 'none', reason: 'no such alert' };
  const now = ctx.clock.now();
  // A wake-up before its moment (clocks of two machines differ): back to sleep under the same job id.
  if (now.getTime() < moment.at.getTime() - 1000) return { kind: 'wait', until: moment.at };
  if (!waiting(found)) return { kind: 'none', reason: `the commitment is ${found.status}` };
  if (job.kind === 'due-soon' && (found.status !== 'open' || now.getTime() >= Date.parse(found.dueAt)))
    return { kind: 'none', reason: 'the reply-by time has passed: the breach alert speaks' };

  let c = found;
  if (job.kind === 'breach' && c.status === 'open') {
    const r = await store.update(c.id, (x) =>
      x.status !== 'open' || x.dueAt !== job.dueAt
        ? null
        : {
            ...x,
            status: 'breached',
            breachedAt: x.dueAt,
            updatedAt: now.toISOString(),
            history: [...x.history, { at: now.toISOString(), actor: 'tactful', action: 'breached' }],
          },
    );
    if (!r.commitment || r.commitment.dueAt !== job.dueAt || !waiting(r.commitment))
      return { kind: 'none', reason: 'the commitment changed' };
    c = r.commitment;
  }

  const recipients = alertRecipients(ctx.config, c);
  c = (await recordAlert(ctx, c, job, recipients, now)) ?? c;
  const channels = [
    ...recipients.map((r) => `email:${r}`),
    ...(inbox.commitments.webhookUrl ? ['webhook'] : []),
  ];
  const late = now.getTime() - moment.at.getTime();
  if (late > STALE_MS) {
    const note = `not sent: ${Math.round(late / 3_600_000)} hours late (the service was not running)`;
    for (const ch of channels) await recordDelivery(ctx, c.id, job, ch, note);
    return { kind: 'alerted', channels: Object.fromEntries(channels.map((ch) => [ch, note])) };
  }

  const words = alertText(c, job.kind, inbox.timezone, c.owner);
  const result: Record<string, string> = {};
  const retry: string[] = [];
  for (const ch of channels) {
    const parts = ['alert', c.id, job.kind, job.dueAt, ch];
    if (!(await ctx.stores.deliveryClaims.claim(parts))) {
      result[ch] = 'already sent (or being sent)';
      continue;
    }
    try {
      if (ch === 'webhook') await postWebhook(inbox.commitments.webhookUrl!, words.chat);
      else
        await emailLead(ctx, inbox, {
          to: ch.slice('email:'.length),
          subject: words.subject,
          text: words.text,
          messageId: noticeMessageId(inbox, parts),
        });
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, false);
      if (e.definite) {
        await ctx.stores.deliveryClaims.release(parts);
        retry.push(`${ch}: ${e.message}`);
      }
      result[ch] = `${e.definite ? 'failed' : 'unknown, not retried'}: ${e.message}`;
      await recordDelivery(ctx, c.id, job, ch, result[ch]);
      continue;
    }
    if (opts.fault === 'after-alert-email' && ch.startsWith('email:')) process.kill(process.pid, 'SIGKILL');
    await ctx.stores.deliveryClaims.markSent(parts);
    result[ch] = `sent ${ctx.clock.now().toISOString()}`;
    await recordDelivery(ctx, c.id, job, ch, result[ch]);
  }
  // Channels that failed cleanly are tried again with the job's backoff; the others are not touched again.
  if (retry.length) throw new Error(`alert not delivered to ${retry.join('; ')}`);
  return { kind: 'alerted', channels: result };
}

/** The alert on the commitment, once per (kind, reply-by time): what the web view and the badge read. */
async function recordAlert(
  ctx: AppContext,
  c: CommitmentRecord,
  job: AlertJob,
  recipients: string[],
  now: Date,
): Promise<CommitmentRecord | null> {
  const r = await ctx.stores.commitments.update(c.id, (x) =>
    x.alerts.some((a) => a.kind === job.kind && a.dueAt === job.dueAt)
      ? null
      : {
          ...x,
          alerts: [
            ...x.alerts,
            { kind: job.kind, dueAt: job.dueAt, at: now.toISOString(), recipients, delivery: {} },
          ],
          updatedAt: now.toISOString(),
        },
  );
  return r.commitment;
}

async function recordDelivery(ctx: AppContext, id: string, job: AlertJob, channel: string, what: string) {
  await ctx.stores.commitments.update(id, (x) => {
    const i = x.alerts.findIndex((a) => a.kind === job.kind && a.dueAt === job.dueAt);
    if (i < 0 || x.alerts[i]!.delivery[channel] === what) return null;
    const alerts = [...x.alerts];
    alerts[i] = { ...alerts[i]!, delivery: { ...alerts[i]!.delivery, [channel]: what } };
    return { ...x, alerts };
  });
}
