import type { AppContext } from '../context.ts';
import type { TriageJob } from '../queue/definitions.ts';
import type { MessageRecord } from '../model/message-record.ts';
import { settingsFor, triage, triageInputOf, type TriageFacts } from '../triage/triage.ts';
import { ackSender, isOwnMessageId, normalizeReturnPath } from '../triage/auto-reply-guard.ts';
import type { ToneClassifier } from '../triage/tone/classifier.ts';
import { onClientMessage } from '../reminders/replies.ts';

export type TriageOutcome =
  { outcome: 'triaged' | 'already-triaged'; categories: string[] } | { outcome: 'skipped'; reason: string };

/**
 * One triage job: load the record, decide, store the result exactly once, let the invoice it talks about know
 * (a client writing about a chased invoice pauses its ladder), hand the message to the draft worker. Safe to
 * run twice (a retry, a stalled job picked up again): the result is stored with SET NX, the invoice step is
 * idempotent per record, and the draft job has a deterministic id.
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
  const store = ctx.stores.messages;
  const record = await store.get(job.recordId);
  if (!record) return { outcome: 'skipped', reason: 'no such record' };
  if (record.error) return { outcome: 'skipped', reason: record.error.code };
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  if (!inbox) return { outcome: 'skipped', reason: `inbox "${record.inbox}" is not configured` };

  const settings = settingsFor(ctx.config, inbox);
  let outcome: TriageOutcome;
  let triaged = record;
  if (record.triage) {
    outcome = { outcome: 'already-triaged', categories: record.triage.categories };
  } else {
    const facts = await factsFor(ctx, record, settings.ownMessageIdDomains, inbox.knownCorrespondentsOnly);
    const result = triage(triageInputOf(record), settings, classifier, facts);
    const stored = await store.setTriageOnce(record.id, result);
    outcome = { outcome: stored ? 'triaged' : 'already-triaged', categories: result.categories };
    if (stored) {
      for (const category of result.categories.length ? result.categories : ['none']) {
        ctx.metrics.triageResults.inc({ inbox: inbox.id, category });
      }
    }
    triaged = (await store.get(record.id)) ?? record;
  }
  // A client writing about a chased invoice pauses its reminder ladder (idempotent per record).
  await onClientMessage(ctx, triaged);
  // Also when the result was already there: a crash between storing it and this line must not lose the draft.
  // The job id makes a second add a no-op while the first draft job is still kept by BullMQ.
  await ctx.queues.draft.enqueue({ inboxId: record.inbox, recordId: record.id });
  // Reply-by clocks and follow-ups (src/commitments, through the context): after the draft is queued, so drafting
  // never waits on them; a failure retries this job, and every step above is idempotent.
  await ctx.conversation.messageTriaged(ctx, triaged);
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
    // Claimed by the draft job with the acknowledged record's id for ackLimitDays. Our own record id there
    // means this very message was acknowledged: not "recent".
    const acked = await ctx.stores.ackLimit.holder(record.inbox, ackSender(returnPath));
    recentlyAcknowledged = acked !== null && acked !== record.id;
  }
  let isKnownSender = true;
  if (knownOnly) {
    // Known = a client with invoices in this inbox, or someone answering mail Tactful sent.
    const sender = record.from?.address || returnPath || '';
    const invoices = sender ? await ctx.stores.invoices.byClient(record.inbox, sender) : [];
    isKnownSender =
      invoices.length > 0 || record.references.some((r) => isOwnMessageId(r, ownMessageIdDomains));
  }
  return { recentlyAcknowledged, isKnownSender };
}
