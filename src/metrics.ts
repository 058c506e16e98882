import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one running service (one per process, as Prometheus expects one scrape per process).
 * Made by the composition root (src/create-context.ts) and passed down, never a module singleton: two
 * services in one process (tests, the demo beside a test) keep their counts apart.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tactful_process_' });
  const registers = [registry];
  return {
    registry,
    messagesIngested: new Counter({
      name: 'tactful_messages_ingested_total',
      help: 'Messages stored as records, by inbox and outcome (ok, parse_error, too_large, duplicate)',
      labelNames: ['inbox', 'outcome'] as const,
      registers,
    }),
    ingestLatency: new Histogram({
      name: 'tactful_ingest_latency_seconds',
      help: 'From arrival (IMAP INTERNALDATE) to stored record',
      labelNames: ['inbox'] as const,
      buckets: [0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    triageResults: new Counter({
      name: 'tactful_triage_results_total',
      help: 'Triage results by category (none when no category applies)',
      labelNames: ['inbox', 'category'] as const,
      registers,
    }),
    draftTransitions: new Counter({
      name: 'tactful_draft_transitions_total',
      help: 'Draft status transitions, by kind and new status',
      labelNames: ['inbox', 'kind', 'status'] as const,
      registers,
    }),
    sends: new Counter({
      name: 'tactful_sends_total',
      help: 'Outgoing messages, by outcome (sent, retry, failed, recovered_from_sent_folder)',
      labelNames: ['inbox', 'outcome'] as const,
      registers,
    }),
    imapReconnects: new Counter({
      name: 'tactful_imap_reconnects_total',
      help: 'IMAP reconnects of the poller',
      labelNames: ['inbox'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'tactful_queue_depth',
      help: 'Jobs per queue and state, sampled at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers,
    }),
    syncProgress: new Gauge({
      name: 'tactful_initial_sync_remaining',
      help: 'Messages left in a first sync of a large mailbox',
      labelNames: ['inbox'] as const,
      registers,
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
