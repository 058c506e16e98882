import type { AppContext } from '../context.ts';
import type { TriageJob } from '../queue/definitions.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import { settingsFor, triage, triageInputOf, type TriageFacts } from '../triage/triage.ts';
import { ackSender, isOwnMessageId, normalizeReturnPath } from '../triage/auto-reply-guard.ts';
import type { ToneClassifier } from '../triage/tone/classifier.ts';
import { onClientMessage } from '../reminders/replies.ts';
import { decideReplyKind } from '../drafts/compose.ts';
import { draftForRecord } from '../drafts/draft-job.ts';

export type TriageOutcome =
  { outcome: 'triaged' | 'already-triaged'; categories: string[] } | { outcome: 'skipped'; reason: string };

/**
 * How the draft of a triaged message is made: `queue` (the triage worker, as ever) always adds the draft job;
 * `inline` (the ingest pipeline, issue 15) decides it in the same job and does nothing for mail that can have no
 * draft. Both are safe to repeat: the draft id is derived from the record id.
 */
export type DraftMode = 'queue' | 'inline';

/**
 * One triage job: load the record, decide, store the result exactly once, let the invoice it talks about know
 * (a client writing about a chased invoice pauses its ladder), hand the message to the draft worker. Safe to
 * run twice (a retry, a stalled job picked up again): the result is stored with SET NX, the invoice step is
 * idempotent per record, and the draft job has a deterministic id.
 *
 * Since issue 15 the ingest job triages new mail itself (src/ingest/ingest-message.ts); this queue still serves
 * jobs queued before an upgrade and re-triage.
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
  const record = await ctx.stores.messages.get(job.recordId);
  if (!record) return { outcome: 'skipped', reason: 'no such record' };
  return triageStoredRecord(ctx, record, classifier, 'queue');
}

/**
 * A stored record: its triage result stored once (unless it has one), then what follows every triage
 * (`afterTriage`). The triage job's body, and the ingest job's when the record was already there (a retry).
 */
export async function triageStoredRecord(
  ctx: AppContext,
  record: MessageRecord,
  classifier: ToneClassifier,
  draft: DraftMode,
): Promise<TriageOutcome> {
  if (record.error) return { outcome: 'skipped', reason: record.error.code };
  const inbox = ctx.config.inboxes.find((i) => i.id === record.inbox);
  if (!inbox) return { outcome: 'skipped', reason: `inbox "${record.inbox}" is not configured` };

  const store = ctx.stores.messages;
  let outcome: TriageOutcome;
  let triaged = record;
  if (record.triage) {
    outcome = { outcome: 'already-triaged', categories: record.triage.categories };
  } else {
    const result = await decideTriage(ctx, record, inbox, classifier);
    const stored = await store.setTriageOnce(record.id, result);
    outcome = { outcome: stored ? 'triaged' : 'already-triaged', categories: result.categories };
    if (stored) countTriage(ctx, inbox.id, result);
    triaged = (await store.get(record.id)) ?? record;
  }
  await afterTriage(ctx, triaged, inbox, draft);
  return outcome;
}

/** The triage result of a record (stored or not yet): the pure decision plus the facts only Redis knows. */
export async function decideTriage(
  ctx: AppContext,
  record: MessageRecord,
  inbox: InboxConfig,
  classifier: ToneClassifier,
): Promise<TriageResult> {
  const settings = settingsFor(ctx.config, inbox);
  const facts = await factsFor(ctx, record, settings.ownMessageIdDomains, inbox.knownCorrespondentsOnly);
  return triage(triageInputOf(record), settings, classifier, facts);
}

/** The triage metric, once per stored result. */
export function countTriage(ctx: AppContext, inboxId: string, result: TriageResult): void {
  for (const category of result.categories.length ? result.categories : ['none'])
    ctx.metrics.triageResults.inc({ inbox: inboxId, category });
}

/**
 * What follows every triage, whether this run stored the result or found it: the invoice hook, the draft and
 * the conversation hooks. Each step is idempotent per record, so a crash anywhere repeats them harmlessly.
 */
export async function afterTriage(
  ctx: AppContext,
  triaged: MessageRecord,
  inbox: InboxConfig,
  draft: DraftMode,
): Promise<void> {
  // A client writing about a chased invoice pauses its reminder ladder (idempotent per record).
  const reply = await onClientMessage(ctx, triaged);
  if (draft === 'queue') {
    // Also when the result was already there: a crash between storing it and this line must not lose the draft.
    // The job id makes a second add a no-op while the first draft job is still kept by BullMQ.
    await ctx.queues.draft.enqueue({ inboxId: triaged.inbox, recordId: triaged.id });
  } else if (mayNeedDraft(triaged, inbox, reply.matched && 'draftId' in reply && reply.draftId !== null)) {
    await draftForRecord(ctx, triaged, inbox);
  }
  // Reply-by clocks and follow-ups (src/commitments, through the context): after the draft, so drafting never
  // waits on them; a failure retries the job, and every step above is idempotent.
  await ctx.conversation.messageTriaged(ctx, triaged);
}

/**
 * Whether the draft step can do anything for this message (src/drafts/draft-job.ts): a reply to draft, the
 * agency's own mail that may answer a waiting draft, or a payment reply the invoice hook just made (which the
 * draft step approves when it is unattended). Anything else would only read Redis to find nothing to do.
 */
function mayNeedDraft(record: MessageRecord, inbox: InboxConfig, paymentReply: boolean): boolean {
  if (paymentReply || !record.triage) return true;
  if (decideReplyKind(record.triage)) return true;
  const own = [inbox.address, ...inbox.aliases].map((a) => a.toLowerCase());
  return own.includes(record.from?.address.toLowerCase() ?? '');
}

/** The facts only Redis knows: an earlier acknowledgement to this sender, and whether the sender is known. */
async function factsFor(
  ctx: AppContext,
  record: MessageRecord,
  ownMessageIdDomains: string[],
  knownOnly: boolean,
): Promise<TriageFacts> {
  const returnPath = normalizeReturnPath(record.returnPath, record.autoHeaders);
  // Claimed by the draft job with the acknowledged record's id for ackLimitDays. Our own record id there
  // means this very message was acknowledged: not "recent".
  const acked = returnPath ? ctx.stores.ackLimit.holder(record.inbox, ackSender(returnPath)) : null;
  let isKnownSender = true;
  if (knownOnly) {
    // Known = a client with invoices in this inbox, or someone answering mail Tactful sent.
    const sender = record.from?.address || returnPath || '';
    const invoices = sender ? await ctx.stores.invoices.byClient(record.inbox, sender) : [];
    isKnownSender =
      invoices.length > 0 || record.references.some((r) => isOwnMessageId(r, ownMessageIdDomains));
  }
  const holder = await acked;
  return { recentlyAcknowledged: holder !== null && holder !== record.id, isKnownSender };
}
