import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { DefinedQueue } from '../queue/queues.ts';
import { parseToRecord, tooLargeRecord, type SourceMeta } from '../mail/parse.ts';
import type { IngestJob, TriageJob } from '../queue/definitions.ts';
import type { MessageStore } from '../store/messages.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { FetchOutcome } from './uid-fetcher.ts';

export type IngestOutcome = 'ok' | 'parse_error' | 'too_large' | 'duplicate' | 'gone' | 'stale';

export interface IngestDeps {
  fetch(job: IngestJob): Promise<FetchOutcome>;
  messages: MessageStore;
  triageQueue: DefinedQueue<TriageJob>;
  clock: Clock;
  metrics: Pick<Metrics, 'messagesIngested' | 'ingestLatency'>;
  maxMessageBytes: number;
  parseTimeoutMs?: number;
  log: Logger;
}

/**
 * One ingest job: fetch the source by UID, build the record (parsed, or with a clear error), store it once,
 * and hand it to triage. Idempotent: a retry or a second job for the same message finds the record and only
 * re-adds the (deterministically named, hence deduplicated) triage job if triage has not happened yet.
 */
export async function ingestMessage(deps: IngestDeps, job: IngestJob): Promise<IngestOutcome> {
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

  const created = await deps.messages.putIfAbsent(record);
  // A crash between storing and enqueueing triage must not strand the record untriaged, so a duplicate
  // without a triage result re-adds the job too (same job id: a no-op while the first one is known).
  const needsTriage = created || !(await deps.messages.get(record.id))?.triage;
  if (needsTriage) {
    const data: TriageJob = { inboxId: job.inboxId, recordId: record.id };
    await deps.triageQueue.enqueue(data);
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
