import type { DefinedQueue } from '../queue/queues.ts';
import type { IngestJob } from '../queue/definitions.ts';

/** Jobs per addBulk call: one Redis round trip (a MULTI) per batch instead of one per message. */
export const ENQUEUE_BATCH = 500;

/**
 * Adds thin ingest jobs. The deterministic job id makes a repeat (a crash between enqueue and cursor update,
 * two pollers during a lease hand-over) a no-op while the first job is still known to BullMQ.
 */
export async function enqueueIngest(queue: DefinedQueue<IngestJob>, jobs: IngestJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += ENQUEUE_BATCH)
    await queue.enqueueBulk(jobs.slice(i, i + ENQUEUE_BATCH));
}
