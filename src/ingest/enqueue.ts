import type { Queue } from 'bullmq';
import { ingestJob, ingestJobId, type IngestJob } from '../queue/jobs.ts';

/** Jobs per addBulk call: one Redis round trip (a MULTI) per batch instead of one per message. */
export const ENQUEUE_BATCH = 500;

/**
 * An ingest job fails only when IMAP or Redis is unreachable (unparseable mail still yields a record), and the
 * cursor has already moved past it: so it retries for a long outage (≈ 50 attempts, backoff capped at a
 * minute by `ingestBackoff`), and the poller re-queues failed ones once IMAP answers again.
 */
export const INGEST_ATTEMPTS = 50;
export const INGEST_BACKOFF = 'ingest-capped';
export const ingestBackoff = (attemptsMade: number) =>
  Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));

/**
 * Adds thin ingest jobs. The deterministic job id makes a repeat (a crash between enqueue and cursor update,
 * two pollers during a lease hand-over) a no-op while the first job is still known to BullMQ.
 */
export async function enqueueIngest(queue: Queue, jobs: IngestJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += ENQUEUE_BATCH) {
    const batch = jobs.slice(i, i + ENQUEUE_BATCH).map((j) => ingestJob.parse(j));
    await queue.addBulk(
      batch.map((data) => ({
        name: 'ingest',
        data,
        opts: { jobId: ingestJobId(data), attempts: INGEST_ATTEMPTS, backoff: { type: INGEST_BACKOFF } },
      })),
    );
  }
}
