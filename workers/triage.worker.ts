import { Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { bullPrefix, type RedisFactory } from '../src/queue/connection.ts';
import { QUEUES } from '../src/queue/names.ts';
import { draftJobId, triageJob, type TriageJob } from '../src/queue/jobs.ts';
import { MessageStore } from '../src/store/messages.ts';
import { InvoiceStore } from '../src/store/invoices.ts';
import type { MessageRecord } from '../src/store/message-record.ts';
import { triageResults } from '../src/metrics.ts';
import { settingsFor, triage, triageInputOf } from '../src/triage/triage.ts';
import { ackSender, isOwnMessageId, normalizeReturnPath } from '../src/triage/auto-reply-guard.ts';
import { loadBuiltinClassifier } from '../src/triage/tone/builtin.ts';
import type { ToneClassifier } from '../src/triage/tone/classifier.ts';
import type { TriageFacts } from '../src/triage/triage.ts';

export type TriageOutcome =
  { outcome: 'triaged' | 'already-triaged'; categories: string[] } | { outcome: 'skipped'; reason: string };

/**
 * One triage job: load the record, decide, store the result exactly once, hand the message to the draft
 * worker. Safe to run twice (a retry, a stalled job picked up again): MessageStore.setTriageOnce keeps the
 * first result and the draft job has a deterministic id.
 *
 * Records with a parse error (or over the size limit) get no triage: there is no text to judge, and a result
 * made of blanks would read as "calm, in hours" in the web view. The job completes (it must not block or retry
 * forever); the record stays visible with its error.
 */
export async function processTriageJob(
  ctx: AppContext,
  job: TriageJob,
  classifier: ToneClassifier,
): Promise<TriageOutcome> {
  const store = new MessageStore(ctx.redis, ctx.keys);
  const record = await store.get(job.recordId);
  if (!record) return { outcome: 'skipped', reason: 'no such record' };
  if (record.error) return { outcome: 'skipped', reason: record.error.code };
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  if (!inbox) return { outcome: 'skipped', reason: `inbox "${record.inbox}" is not configured` };

  const settings = settingsFor(ctx.config, inbox);
  let outcome: TriageOutcome;
  if (record.triage) {
    outcome = { outcome: 'already-triaged', categories: record.triage.categories };
  } else {
    const facts = await factsFor(ctx, record, settings.ownMessageIdDomains, inbox.knownCorrespondentsOnly);
    const result = triage(triageInputOf(record), settings, classifier, facts);
    const stored = await store.setTriageOnce(record.id, result);
    outcome = { outcome: stored ? 'triaged' : 'already-triaged', categories: result.categories };
    if (stored) {
      for (const category of result.categories.length ? result.categories : ['none']) {
        triageResults.inc({ inbox: inbox.id, category });
      }
    }
  }
  // Also when the result was already there: a crash between storing it and this line must not lose the draft.
  // The job id makes a second add a no-op while the first draft job is still kept by BullMQ.
  const draft = { inboxId: record.inbox, recordId: record.id };
  await ctx.queues.draft.add('draft', draft, { jobId: draftJobId(draft) });
  return outcome;
}

/** The facts only Redis knows: an earlier acknowledgement to this sender, and whether the sender is known. */
async function factsFor(
  ctx: AppContext,
  record: MessageRecord,
  ownMessageIdDomains: string[],
  knownOnly: boolean,
): Promise<TriageFacts> {
  const returnPath = normalizeReturnPath(record.returnPath, record.autoHeaders);
  let recentlyAcknowledged = false;
  if (returnPath) {
    // Set by the draft job (src/drafts/draft-job.ts ackKey) with the acknowledged record's id as value and
    // ackLimitDays as TTL. Our own record id there means this very message was acknowledged: not "recent".
    const acked = await ctx.redis.get(ctx.keys('ack', record.inbox, ackSender(returnPath)));
    recentlyAcknowledged = acked !== null && acked !== record.id;
  }
  let isKnownSender = true;
  if (knownOnly) {
    // Known = a client with invoices in this inbox, or someone answering mail Tactful sent.
    const sender = record.from?.address || returnPath || '';
    const invoices = sender ? await new InvoiceStore(ctx.redis, ctx.keys).byClient(record.inbox, sender) : [];
    isKnownSender =
      invoices.length > 0 || record.references.some((r) => isOwnMessageId(r, ownMessageIdDomains));
  }
  return { recentlyAcknowledged, isKnownSender };
}

/** The triage worker: BullMQ on QUEUES.triage with the built-in tone model (loaded once per process). */
export function startTriageWorker(ctx: AppContext, rf: RedisFactory): { close(): Promise<void> } {
  const log = ctx.log.child({ component: 'triage-worker' });
  const classifier = loadBuiltinClassifier();
  const worker = new Worker<TriageJob>(
    QUEUES.triage,
    async (job) => {
      const data = triageJob.parse(job.data);
      const outcome = await processTriageJob(ctx, data, classifier);
      log.debug({ recordId: data.recordId, ...outcome }, 'triage job done');
      return outcome;
    },
    // Triage is CPU-bound and fast (well under a millisecond); a few at once only overlap the Redis round trips.
    { connection: rf.blocking(), prefix: bullPrefix(ctx.config.redis.prefix), concurrency: 4 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'triage job failed'));
  worker.on('error', (err) => log.error({ err: err.message }, 'triage worker error'));
  return { close: () => worker.close() };
}
