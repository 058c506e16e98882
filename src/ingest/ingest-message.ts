import type { AppContext } from '../context.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { DefinedQueue } from '../queue/queues.ts';
import { parseToRecord, tooLargeRecord, type SourceMeta } from '../mail/parse.ts';
import type { IngestJob, TriageJob } from '../queue/definitions.ts';
import type { MessageStore } from '../store/messages.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import type { ToneClassifier } from '../triage/tone/classifier.ts';
import { afterTriage, countTriage, decideTriage, triageStoredRecord } from '../messages/triage-job.ts';
import type { FetchOutcome } from './uid-fetcher.ts';

export type IngestOutcome = 'ok' | 'parse_error' | 'too_large' | 'duplicate' | 'gone' | 'stale';

export interface IngestDeps {
  fetch(job: IngestJob): Promise<FetchOutcome>;
  messages: MessageStore;
  /** The rest of the pipeline: triage, the invoice and conversation hooks, the draft (src/messages/triage-job.ts). */
  ctx: AppContext;
  /** The tone model, loaded once per process. */
  classifier: ToneClassifier;
  /** Where a record goes whose triage failed here: the triage worker retries it on its own schedule. */
  triageQueue: DefinedQueue<TriageJob>;
  clock: Clock;
  metrics: Pick<Metrics, 'messagesIngested' | 'ingestLatency'>;
  maxMessageBytes: number;
  parseTimeoutMs?: number;
  log: Logger;
}

/**
 * One ingest job, the whole pipeline of one message (issue 15): fetch the source by UID, build the record
 * (parsed, or with a clear error), triage it, store the record and its triage result together once, then the
 * invoice hook, the reply draft and the conversation hooks (`afterTriage`). One job instead of three queue hops.
 *
 * Exactly once, as with separate jobs: the record and its result are written by one script (SET NX under the
 * record's deterministic id), the draft id is derived from the record id, and every step after the write is
 * idempotent per record. A crash anywhere makes BullMQ run the job again (`retry`): it finds the record and
 * repeats the steps after the write, which change nothing the second time. Another job for the same message
 * (a new UIDVALIDITY) only triages a stored record that has no result yet (one stored by an older version).
 */
export async function ingestMessage(
  deps: IngestDeps,
  job: IngestJob,
  /** This job ran before (a failed attempt, or a stalled run taken up again). */
  retry = false,
): Promise<IngestOutcome> {
  const fetched = await deps.fetch(job);
  if (fetched.kind === 'gone' || fetched.kind === 'stale') return fetched.kind;
  const now = deps.clock.now();
  const meta: SourceMeta = {
    inbox: job.inboxId,
    uid: job.uid,
    uidValidity: job.uidValidity,
    internalDate: fetched.internalDate,
    size: fetched.size,
    messageId: job.messageId,
  };
  const record: MessageRecord =
    fetched.kind === 'ok'
      ? await parseToRecord(fetched.source, meta, { now, timeoutMs: deps.parseTimeoutMs })
      : tooLargeRecord(meta, fetched.envelope, deps.maxMessageBytes, now);

  const { ctx } = deps;
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  // Records with an error get no triage (src/messages/triage-job.ts says why); nor do those of an inbox removed
  // since the job was queued.
  const result = !record.error && inbox ? await triageOrNull(deps, record) : null;
  let created: boolean;
  if (result) {
    created = await deps.messages.putTriagedIfAbsent(record, result);
    if (created) countTriage(ctx, record.inbox, result);
  } else {
    created = await deps.messages.putIfAbsent(record);
    // Triage failed here (a bug, not the mail's fault): the record is kept, and the triage queue retries it.
    if (created && !record.error && inbox)
      await deps.triageQueue.enqueue({ inboxId: job.inboxId, recordId: record.id });
  }

  if (created && result && inbox) {
    await afterTriage(ctx, { ...record, triage: result }, inbox, 'inline');
  } else if (!created && !record.error) {
    // The record was there: this job's earlier run stored it (finish what it may have left), or another job
    // did. A stored record without a result (from a version that triaged in its own job) is triaged now.
    const stored = await deps.messages.get(record.id);
    if (stored && !stored.error && (retry || !stored.triage))
      await triageStoredRecord(ctx, stored, deps.classifier, 'inline');
  }

  const outcome: IngestOutcome = !created ? 'duplicate' : ((record.error?.code as IngestOutcome) ?? 'ok');
  deps.metrics.messagesIngested.inc({ inbox: job.inboxId, outcome });
  if (created) {
    deps.metrics.ingestLatency.observe(
      { inbox: job.inboxId },
      Math.max(0, (Date.now() - fetched.internalDate.getTime()) / 1000),
    );
    if (record.error)
      deps.log.warn(
        { inbox: job.inboxId, uid: job.uid, error: record.error },
        'stored a record with an error',
      );
  }
  return outcome;
}

/** The triage decision, or null when it threw: the message is stored all the same and triaged by its own job. */
async function triageOrNull(deps: IngestDeps, record: MessageRecord): Promise<TriageResult | null> {
  const inbox = deps.ctx.config.inboxes.find((i) => i.id === record.inbox)!;
  try {
    return await decideTriage(deps.ctx, record, inbox, deps.classifier);
  } catch (err) {
    deps.log.warn(
      { inbox: record.inbox, uid: record.uid, err: (err as Error).message },
      'triage failed in the ingest job; queued for the triage worker',
    );
    return null;
  }
}
