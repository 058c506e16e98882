import type { AppContext } from '../context.ts';
import { defineWorker } from './define-worker.ts';
import { QUEUE_DEFINITIONS, type IngestJob } from '../queue/definitions.ts';
import { createStores } from '../store/stores.ts';
import { UidFetcher } from '../ingest/uid-fetcher.ts';
import { ingestMessage, type IngestDeps } from '../ingest/ingest-message.ts';
import { ingestImapOptions } from '../ingest/timeouts.ts';
import { loadBuiltinClassifier } from '../tone-model/load.ts';

/**
 * The ingest worker: one thin ingest job per message → its record, triage result, hooks and draft
 * (src/ingest/ingest-message.ts). One IMAP connection per inbox in this process, shared by all concurrent jobs
 * (their fetches are batched); the tone model is loaded once per process. Closing drains running jobs first,
 * then the connections close.
 */
export const startIngestWorker = defineWorker({
  queue: QUEUE_DEFINITIONS.ingest,
  component: 'ingest-worker',
  concurrency: (ctx) => ctx.config.ingest.concurrency,
  // A killed worker's jobs come back within ~lockDuration; each job is idempotent, so a rare double run after a
  // long event-loop stall is harmless, while a stuck queue is not.
  options: { lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 10 },
  // enqueue checked the payload with zod before it went to Redis; a full parse per job would only re-check our
  // own output at thousands of jobs a second. Anything else (a hand-made job) fails for good.
  check: ingestPayload,
  setup(ctx, log) {
    // Auto-pipelining: the record writes of all concurrent jobs leave in one socket write per tick instead of
    // one write (and one syscall) each. Its own client, so nobody else's commands change timing. No BullMQ queue
    // on it: BullMQ defines its ~50 scripts as commands on the client it is given, and ioredis copies every
    // defined command onto each Pipeline it makes (one per auto-pipelined batch and per MULTI) — that copying
    // was ~3 % of the ingest worker's CPU when the triage queue shared this client. The triage queue (used only
    // when triage throws) is the context's.
    const redis = ctx.connections.pipelined();
    const fetchers = new Map<string, UidFetcher>();
    const revisions = new Map<string, string>();
    const fetcherFor = (inboxId: string) => {
      let f = fetchers.get(inboxId);
      // Inboxes come and go without a restart (src/inboxes/live-registry.ts): looked up live, and a fetcher
      // made for older settings of the inbox (a new server, a new sign-in) is replaced.
      const revision = ctx.registry.revision(inboxId);
      if (f && revisions.get(inboxId) !== revision) {
        void f.close();
        f = undefined;
      }
      if (!f) {
        const inbox = ctx.config.inboxes.find((i) => i.id === inboxId);
        if (!inbox) throw new Error(`job for unknown inbox "${inboxId}"`);
        revisions.set(inboxId, revision);
        f = new UidFetcher(
          inbox,
          log.child({ inbox: inboxId }),
          ctx.config.ingest.maxMessageBytes,
          ingestImapOptions(ctx.config.ingest),
        );
        fetchers.set(inboxId, f);
      }
      return f;
    };
    // The stores every message touches (its record, the facts triage needs, the invoice and conversation hooks,
    // the reply-by commitment a question opens) on the same auto-pipelined client; the rest of the context is the
    // process's own, seen live.
    const hot = createStores(redis, ctx.config.redis.prefix, { clock: ctx.clock });
    const stores: AppContext['stores'] = {
      ...ctx.stores,
      messages: hot.messages,
      ackLimit: hot.ackLimit,
      invoices: hot.invoices,
      threads: hot.threads,
      clients: hot.clients,
      commitments: hot.commitments,
    };
    const deps: IngestDeps = {
      fetch: (j) => fetcherFor(j.inboxId).get(j.uidValidity, j.uid),
      messages: hot.messages,
      ctx: { ...ctx, stores },
      classifier: loadBuiltinClassifier(),
      triageQueue: ctx.queues.triage,
      clock: ctx.clock,
      metrics: ctx.metrics,
      maxMessageBytes: ctx.config.ingest.maxMessageBytes,
      log,
    };
    return {
      deps,
      async close() {
        await Promise.all([...fetchers.values()].map((f) => f.close()));
      },
    };
  },
  // No per-job child logger or info line: at thousands of jobs a second they cost more than the job's Redis
  // work. The outcome is the job's return value (BullMQ keeps it) and a metric.
  async process({ data, job, log, resources }) {
    const retry = job.attemptsMade > 0 || (job.attemptsStarted ?? 0) > 1;
    const outcome = await ingestMessage(resources.deps, data, retry);
    if (log.isLevelEnabled('debug')) log.debug({ uid: data.uid, jobId: job.id, outcome }, 'ingested');
    return outcome;
  },
});

function ingestPayload(d: unknown): IngestJob | null {
  const j = d as Partial<IngestJob> | null;
  const ok =
    !!j &&
    typeof j.inboxId === 'string' &&
    typeof j.uidValidity === 'string' &&
    Number.isInteger(j.uid) &&
    (j.uid as number) > 0 &&
    (j.messageId === null || typeof j.messageId === 'string');
  return ok ? (j as IngestJob) : null;
}
