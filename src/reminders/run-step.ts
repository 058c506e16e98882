import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import { approveAs } from '../drafts/service.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import type { ReminderJob } from '../queue/definitions.ts';
import { clientCalendar } from './calendar.ts';
import { decideStep, type StepDecision } from './decide.ts';
import { FINAL_STEP } from './ladder.ts';
import { inboxOf, invoicePlan } from './plan.ts';
import { readProgress } from './progress.ts';
import { buildReminderDraft } from './draft-content.ts';

export type StepOutcome = StepDecision | { kind: 'drafted'; draft: DraftRecord; created: boolean };

/**
 * Runs one ladder step (the reminder worker's whole job, callable directly with an injected clock).
 * Exactly once per (invoice, step): the draft id is derived from (invoice, step, attempt) and created with
 * SET NX, the claim key is SET NX too, and the invoice's step entry is written by a compare-and-set that never
 * goes back to an earlier attempt, so concurrent or repeated runs converge on one draft and one send job. A new
 * attempt is only drafted once the earlier draft can no longer be sent (cancelled or rejected), so at most one
 * reminder per step reaches the client. The draft is created before the claim and the entry: a crash in
 * between leaves a draft the retry finds again and records, never a claimed step without its reminder.
 */
export async function runReminderStep(ctx: AppContext, job: ReminderJob): Promise<StepOutcome> {
  const invoices = ctx.stores.invoices;
  const inv = await invoices.get(job.invoiceId);
  if (!inv) return { kind: 'stop', reason: 'invoice deleted' };
  const inbox = inboxOf(ctx, inv.inbox);
  const plan = invoicePlan(inbox, inv);
  const cal = clientCalendar(inbox, inv.client);
  const now = ctx.clock.now();
  const decision = decideStep({
    invoice: inv,
    plan,
    progress: await readProgress(ctx, inv),
    step: job.step,
    now,
    cal,
    minGapHours: inbox.reminders.minGapHours,
  });
  if (decision.kind === 'hold') {
    await holdLadder(ctx, inv.id, decision.reason);
    return decision;
  }
  if (decision.kind !== 'fire') return decision;

  const { draft, created } = await ctx.stores.drafts.createIfAbsent(
    buildReminderDraft(ctx.config, inbox, inv, job.step, plan, decision.sendAt, decision.attempt),
  );
  await invoices.claimStep(inv.id, job.step, 'drafted', decision.attempt);
  await recordDrafted(ctx, inv.id, job.step, decision.attempt, draft);
  await invoices.indexThreadMessage(inv.inbox, draft.outgoingMessageId, inv.id);
  // The final "work is paused" notice always waits for a lead (docs/tone-rules.md); the others follow autoSend.
  if (job.step !== FINAL_STEP && inbox.autoSend['payment-reminder'] && draft.status === 'pending') {
    return { kind: 'drafted', draft: await approveQuietly(ctx, draft), created };
  }
  return { kind: 'drafted', draft, created };
}

/** The step's entry now names this draft, unless a later attempt is already recorded (a stale run). */
async function recordDrafted(
  ctx: AppContext,
  invoiceId: string,
  step: number,
  attempt: number,
  draft: DraftRecord,
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.stores.invoices.update(invoiceId, (r) => {
    const current = r.reminders.find((e) => e.step === step);
    if (current && current.state === 'drafted' && (current.attempt ?? 1) >= attempt) return null;
    return {
      ...r,
      reminders: [
        ...r.reminders.filter((e) => e.step !== step),
        {
          step,
          state: 'drafted',
          at,
          draftId: draft.id,
          outgoingMessageId: draft.outgoingMessageId,
          sendAt: draft.sendAt,
          ...(attempt > 1 ? { attempt } : {}),
        },
      ],
      history: [
        ...r.history,
        {
          at,
          actor: 'tactful',
          action: 'reminder-drafted',
          detail: `step ${step}${attempt > 1 ? ' again (the earlier draft never went out)' : ''}, draft ${draft.id}`,
        },
      ],
    };
  });
}

/**
 * Approves as `tactful` for an inbox that sends reminders unattended. A concurrent run that approved first, or
 * an invoice settled in the meantime (the draft is then withdrawn at approval), is no failure: the draft as it
 * now stands is the outcome.
 */
async function approveQuietly(ctx: AppContext, draft: DraftRecord): Promise<DraftRecord> {
  try {
    return (await approveAs(ctx, draft.id, 'tactful', { sendAt: draft.sendAt ?? undefined })).draft;
  } catch (err) {
    if (!(err instanceof SafeError) || err.status !== 409) throw err;
    return (await ctx.stores.drafts.get(draft.id)) ?? draft;
  }
}

/**
 * A lead rejected the reminder the ladder would continue from: rejecting a reminder means "not like this", so
 * the ladder stops and the invoice shows as on hold until a lead resumes it (then that step is drafted again).
 * Written once: a second run finds the invoice no longer open.
 */
async function holdLadder(ctx: AppContext, invoiceId: string, reason: string): Promise<InvoiceRecord> {
  const at = ctx.clock.now().toISOString();
  return ctx.stores.invoices.update(invoiceId, (r) => {
    if (r.status !== 'open' && !(r.status === 'paused' && r.pausedUntil)) return null;
    const { pausedUntil: _drop, ...rest } = r;
    return {
      ...rest,
      status: 'paused',
      updatedAt: at,
      history: [
        ...r.history,
        {
          at,
          actor: 'tactful',
          action: 'pause',
          detail: `${reason}; the reminders wait until a lead resumes them`,
        },
      ],
    };
  });
}
