import { Redis } from 'ioredis';
import { systemClock } from '../src/clock.ts';
import type { DraftRecord } from '../src/model/draft-record.ts';
import type { MessageRecord } from '../src/model/message-record.ts';
import { QUEUE_DEFINITIONS, type QueueKey } from '../src/queue/definitions.ts';
import { createQueues } from '../src/queue/queues.ts';
import type { Delivery } from '../src/sandbox/smtp-sink.ts';
import { createStores } from '../src/store/stores.ts';
import { withMailbox } from '../test/harness/mailbox.ts';
import type { ChaosInbox } from './chaos-env.ts';
import type { ChaosMessage } from './chaos-mail.ts';

/** What the run's end looks like: counts for the table, and every broken promise in words. */
export interface Outcome {
  rows: Array<[string, string]>;
  violations: string[];
  /**
   * Replies counted as sent that never reached SMTP because their process died inside the SMTP transaction, after
   * the Sent copy: the at-most-once window Tactful chooses over a second delivery (README "Decisions worth
   * knowing"). Shown, not a broken promise.
   */
  windowLosses: string[];
  /** True when the pipeline is done: nothing left to ingest, triage, approve or send. */
  settled: boolean;
}

const count = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
};

/** The Message-ID header of a raw message. */
function messageIdOf(raw: Buffer): string | null {
  const head = raw.toString('utf8', 0, Math.min(raw.length, 16_384)).split(/\r?\n\r?\n/)[0] ?? '';
  return /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? null;
}

/** Message-IDs in an inbox's Sent folder, one entry per copy. */
async function sentCopies(inbox: ChaosInbox): Promise<string[]> {
  return withMailbox(inbox.login, async (c) => {
    await c.mailboxOpen('Sent', { readOnly: true });
    const ids: string[] = [];
    for await (const m of c.fetch('1:*', { envelope: true }))
      if (m.envelope?.messageId) ids.push(m.envelope.messageId);
    return ids;
  }).catch(() => []);
}

/**
 * Reads the run's Redis, the SMTP sink's deliveries and every Sent folder, and checks the promises: one record
 * and one triage result per message, one draft per angry message, every approved draft delivered once at SMTP and
 * copied once to Sent, no job stuck, none failed without a reason. `final` also reads the Sent folders.
 */
export async function inspect(opts: {
  redisUrl: string;
  prefix: string;
  inboxes: ChaosInbox[];
  messages: ChaosMessage[];
  deliveries: Delivery[];
  final: boolean;
}): Promise<Outcome> {
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  const stores = createStores(redis, opts.prefix, { clock: systemClock });
  const queues = createQueues(redis, opts.prefix);
  const rows: Array<[string, string]> = [];
  const violations: string[] = [];
  try {
    const ids = opts.inboxes.map((i) => i.id);
    const records: MessageRecord[] = [];
    const drafts: DraftRecord[] = [];
    for (const inbox of ids) {
      records.push(...(await stores.messages.list(inbox, 1_000_000)));
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await stores.drafts.page({ inboxes: [inbox], limit: 1000, cursor });
        drafts.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      }
    }
    // One record per message.
    const expected = new Map(opts.messages.map((m) => [m.messageId, m]));
    const perId = count(records, (r) => r.messageId ?? `(none) ${r.id}`);
    const missing = opts.messages.filter((m) => !perId.has(m.messageId));
    const doubled = [...perId].filter(([, n]) => n > 1);
    const strangers = [...perId.keys()].filter((id) => !expected.has(id));
    const untriaged = records.filter((r) => r.triage === null);
    // One draft per message triage found angry; approved drafts delivered once.
    // A person's angry mail gets a draft for a lead (automated mail never does; RFC 3834 only stops unattended ones).
    const angry = records.filter((r) => r.triage?.angry && !r.triage.categories.includes('automated'));
    const byKind = count(drafts, (d) => d.kind);
    const draftsPerMessage = count(drafts, (d) => d.messageId ?? d.id);
    const withoutDraft = angry.filter((r) => !draftsPerMessage.has(r.messageId ?? ''));
    const twoDrafts = [...draftsPerMessage].filter(([, n]) => n > 1);
    const approved = drafts.filter((d) => d.audit.some((a) => a.action === 'approved'));
    const pending = drafts.filter((d) => d.status === 'pending');
    const atSmtp = count(
      opts.deliveries.map((d) => messageIdOf(d.raw) ?? '?'),
      (x) => x,
    );
    const deliveredTwice = approved.filter((d) => (atSmtp.get(d.outgoingMessageId) ?? 0) > 1);
    // A send killed inside the SMTP exchange cannot know whether the server took it: it is failed "uncertain"
    // for a lead (src/drafts/send-job.ts), neither counted as sent nor sent twice.
    const uncertain = approved.filter(
      (d) => d.status === 'failed' && d.audit.some((a) => a.action === 'uncertain'),
    );
    const notSent = approved.filter((d) => d.status !== 'sent' && !uncertain.includes(d));
    const undelivered = approved.filter((d) => d.status === 'sent' && !atSmtp.has(d.outgoingMessageId));
    const inWindow = (d: DraftRecord) => d.audit.some((a) => a.action === 'sent-recovered');
    const recoveredUndelivered = undelivered.filter((d) => !inWindow(d));
    const windowLost = undelivered.filter(inWindow);
    const uncertainDelivered = uncertain.filter((d) => atSmtp.has(d.outgoingMessageId));
    const retries421 = drafts
      .flatMap((d) => d.audit)
      .filter((a) => a.action === 'retry' && /\b421\b/.test(a.detail ?? ''));
    const retriesOther = drafts
      .flatMap((d) => d.audit)
      .filter((a) => a.action === 'retry' && !/\b421\b/.test(a.detail ?? ''));
    const recovered = drafts.filter((d) => d.audit.some((a) => a.action === 'sent-recovered'));

    // Jobs: nothing waiting or running any more, nothing overdue, no failure without a reason.
    const now = Date.now();
    let stuck = 0;
    let failed = 0;
    let failedSilently = 0;
    const reasons = new Map<string, number>();
    for (const q of (Object.keys(QUEUE_DEFINITIONS) as QueueKey[]).map((k) => queues[k])) {
      const c = await q.getJobCounts('wait', 'active', 'prioritized', 'failed');
      stuck += (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
      const delayed = await q.getJobs(['delayed'], 0, 10_000);
      stuck += delayed.filter((j) => j.timestamp + (j.delay ?? 0) < now - 60_000).length;
      failed += c.failed ?? 0;
      for (const j of await q.getJobs(['failed'], 0, 10_000)) {
        if (!j.failedReason) failedSilently++;
        const r = `${q.name}: ${(j.failedReason ?? '(none)').slice(0, 60)}`;
        reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
    }

    const kinds = count(opts.messages, (m) => m.kind);
    rows.push(
      [
        'messages appended (angry / calm / bulk)',
        `${opts.messages.length} (${kinds.get('angry') ?? 0} / ${kinds.get('calm') ?? 0} / ${kinds.get('bulk') ?? 0})`,
      ],
      [
        'records (missing, duplicated, unknown)',
        `${records.length} (${missing.length}, ${doubled.length}, ${strangers.length})`,
      ],
      ['triage results (records without one)', `${records.length - untriaged.length} (${untriaged.length})`],
      [
        'angry per triage → drafts (missing, doubled)',
        `${angry.length} → ${drafts.length} (${withoutDraft.length}, ${twoDrafts.length})`,
      ],
      ['drafts by kind', [...byKind].map(([k, n]) => `${k} ${n}`).join(', ') || '-'],
      [
        'approved through the API → sent (handed back to a lead as uncertain)',
        `${approved.length} → ${approved.length - notSent.length - uncertain.length} (${uncertain.length})`,
      ],
      [
        'uncertain: killed inside SMTP (server had taken it / had not)',
        `${uncertain.length} (${uncertainDelivered.length} / ${uncertain.length - uncertainDelivered.length})`,
      ],
      [
        // Approved replies the SMTP server took; "not at all" counts those recorded as sent that it never saw
        // (an uncertain hand-back is neither: it waits for a lead, on its own row above).
        'delivered at SMTP (twice, sent but not at all)',
        `${approved.filter((d) => atSmtp.has(d.outgoingMessageId)).length} (${deliveredTwice.length}, ${undelivered.length})`,
      ],
      ['SMTP 421 / connection retries recorded', `${retries421.length} / ${retriesOther.length}`],
      [
        'sends recovered from the Sent folder (of which not delivered)',
        `${recovered.length} (${windowLost.length})`,
      ],
      ['jobs stuck / failed (without a reason)', `${stuck} / ${failed} (${failedSilently})`],
    );
    if (missing.length)
      violations.push(`${missing.length} messages without a record, e.g. ${missing[0]!.messageId}`);
    if (doubled.length)
      violations.push(`${doubled.length} messages with more than one record, e.g. ${doubled[0]![0]}`);
    if (strangers.length)
      violations.push(`${strangers.length} records of no appended message, e.g. ${strangers[0]}`);
    if (untriaged.length) violations.push(`${untriaged.length} records without a triage result`);
    if (withoutDraft.length) violations.push(`${withoutDraft.length} angry messages without a draft`);
    if (twoDrafts.length) violations.push(`${twoDrafts.length} messages with more than one draft`);
    if (notSent.length)
      violations.push(
        `${notSent.length} approved drafts not sent: ${[...count(notSent, (d) => `${d.status}${d.error ? ` (${d.error.slice(0, 60)})` : ''}`)].map(([s, n]) => `${n} ${s}`).join(', ')}`,
      );
    if (deliveredTwice.length)
      violations.push(`${deliveredTwice.length} approved drafts delivered more than once`);
    const story = (d: DraftRecord) =>
      `${d.id}: ${d.audit.map((a) => `${a.action}${a.detail ? ` (${a.detail.slice(0, 50)})` : ''}`).join(' → ')}`;
    if (recoveredUndelivered.length)
      violations.push(
        `${recoveredUndelivered.length} drafts marked sent but never delivered, e.g. ${story(recoveredUndelivered[0]!)}`,
      );
    if (windowLost.length)
      violations.push(
        `${windowLost.length} drafts recovered as sent from the Sent folder but never delivered, e.g. ${story(windowLost[0]!)}`,
      );
    const windowLosses = windowLost.map(story);
    if (stuck) violations.push(`${stuck} jobs waiting, running or overdue`);
    if (failedSilently) violations.push(`${failedSilently} failed jobs without a reason`);
    for (const [r, n] of reasons) rows.push([`  failed: ${r}`, String(n)]);

    if (opts.final) {
      const copies = count((await Promise.all(opts.inboxes.map(sentCopies))).flat(), (x) => x);
      const notInSent = approved.filter(
        (d) => d.status === 'sent' && (copies.get(d.outgoingMessageId) ?? 0) === 0,
      );
      const twiceInSent = approved.filter((d) => (copies.get(d.outgoingMessageId) ?? 0) > 1);
      rows.push([
        'copies in Sent (missing, doubled)',
        `${[...copies.values()].reduce((a, b) => a + b, 0)} (${notInSent.length}, ${twiceInSent.length})`,
      ]);
      if (notInSent.length) violations.push(`${notInSent.length} sent drafts without a copy in Sent`);
      if (twiceInSent.length)
        violations.push(`${twiceInSent.length} sent drafts copied to Sent more than once`);
    }
    const settled =
      missing.length === 0 &&
      untriaged.length === 0 &&
      withoutDraft.length === 0 &&
      pending.length === 0 &&
      approved.every((d) => d.status === 'sent' || d.status === 'failed' || d.status === 'cancelled') &&
      stuck === 0;
    return { rows, violations, windowLosses, settled };
  } finally {
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}
