import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { IngestJob } from '../queue/definitions.ts';
import type { CursorStore } from '../store/cursors.ts';
import type { Lease } from '../store/leases.ts';
import { enqueueIngest, ENQUEUE_BATCH } from './enqueue.ts';
import { chunks, planSync, uidSet } from './sync-plan.ts';
import { SyncProgress, formatProgress } from '../progress.ts';
import { withStepTimeout } from './timeouts.ts';

export class LeaseLostError extends Error {
  constructor() {
    super('inbox lease lost');
  }
}

/**
 * Enqueues every message after the cursor, in batches, and moves the cursor after each batch is safely in
 * the queue (never before: a crash in between re-enqueues the batch, and deterministic job ids plus
 * deduplicated records make that harmless). Reads only UIDs and envelopes, never bodies or flags.
 */
export async function syncMailbox(deps: {
  ctx: AppContext;
  inbox: InboxConfig;
  client: ImapFlow;
  cursors: CursorStore;
  lease: Lease;
  log: Logger;
  isHeld: () => boolean;
}): Promise<number> {
  const { ctx, inbox, client, cursors, lease, log } = deps;
  // Longest a single IMAP step may take before the connection is presumed dead (ingest.stepTimeoutSeconds).
  const step = <T>(p: Promise<T>) => withStepTimeout(p, ctx.config.ingest.stepTimeoutSeconds * 1000);
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('no mailbox selected');
  // STATUS doubles as a liveness check of a connection that sat in IDLE, and reveals a mailbox that was
  // deleted and re-created (or renamed away) under the selected session: a new UIDVALIDITY means this
  // session's view is obsolete, so reconnect and select afresh.
  const now = await step(client.status(inbox.imap.mailbox, { uidValidity: true }));
  const uidValidity = mailbox.uidValidity.toString();
  const current = now ? now.uidValidity : undefined;
  if (!now) throw new Error(`mailbox ${inbox.imap.mailbox} is gone`);
  if (current !== undefined && current.toString() !== uidValidity) {
    throw new Error(`UIDVALIDITY changed (${uidValidity} → ${current.toString()}); reselecting`);
  }
  const cursor = await cursors.get(inbox.id);
  const start = planSync(cursor, { uidValidity, uidNext: mailbox.uidNext }, inbox.imap.startFrom);
  if (start.reason !== 'cursor') log.info({ start, previous: cursor }, 'starting a new cursor');

  let after: number;
  if (start.kind === 'after-uid') after = start.uid;
  else {
    const found = await step(client.search({ since: new Date(`${start.date}T00:00:00Z`) }, { uid: true }));
    const uids = Array.isArray(found) ? found : [];
    after = uids.length ? Math.min(...uids) - 1 : Math.max(0, mailbox.uidNext - 1);
  }
  const save = async (lastUid: number) => {
    const ok = await cursors.save(
      inbox.id,
      { uidValidity, lastUid, updatedAt: ctx.clock.now().toISOString() },
      lease,
    );
    if (!ok) throw new LeaseLostError();
  };
  if (!cursor || start.reason !== 'cursor') await save(after);

  // "n:*" always matches the highest UID even when it is below n (RFC 3501 §6.4.8), hence the filter.
  const found = await step(client.search({ uid: `${after + 1}:*` }, { uid: true }));
  const uids = (Array.isArray(found) ? found : []).filter((u) => u > after).sort((a, b) => a - b);
  // Large catch-ups (a first sync with startFrom: all, a long outage) report n of N, rate and ETA instead of
  // going silent; small ones only log their total.
  const progress =
    uids.length > ENQUEUE_BATCH
      ? new SyncProgress(inbox.id, uids.length, ctx.clock, ctx.metrics.syncProgress)
      : null;
  for (const batch of chunks(uids, ENQUEUE_BATCH)) {
    // Confirm (and extend) the lease right before enqueueing: a poller whose lease was taken must not add
    // work even in the window before its renewal timer notices.
    if (!deps.isHeld() || !(await lease.renew())) throw new LeaseLostError();
    const msgs = await step(client.fetchAll(uidSet(batch), { uid: true, envelope: true }, { uid: true }));
    const jobs: IngestJob[] = msgs
      .filter((m) => m.uid > after)
      .map((m) => ({
        inboxId: inbox.id,
        uidValidity,
        uid: m.uid,
        messageId: m.envelope?.messageId?.trim() || null,
      }));
    await enqueueIngest(ctx.queues.ingest, jobs);
    await save(batch[batch.length - 1]!);
    if (progress) {
      progress.advance(batch.length);
      if (progress.shouldLog())
        log.info({ progress: progress.snapshot() }, `sync ${formatProgress(progress.snapshot())}`);
    }
  }
  progress?.finish();
  if (uids.length) log.info({ enqueued: uids.length, lastUid: uids[uids.length - 1] }, 'enqueued new mail');
  return uids.length;
}
