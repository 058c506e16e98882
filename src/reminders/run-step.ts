import type { AppContext } from '../context.ts';
import { approveAs } from '../drafts/service.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { ReminderJob } from '../queue/definitions.ts';
import { clientCalendar } from './calendar.ts';
import { decideStep, type StepDecision } from './decide.ts';
import { FINAL_STEP } from './ladder.ts';
import { inboxOf, invoicePlan } from './plan.ts';
import { buildReminderDraft } from './draft-content.ts';

export type StepOutcome = StepDecision | { kind: 'drafted'; draft: DraftRecord; created: boolean };

/**
 * Runs one ladder step (the reminder worker's whole job, callable directly with an injected clock).
 * Exactly once per (invoice, step): the draft id is derived from (invoice, step) and created with SET NX, and
 * the step's claim key is SET NX too, so concurrent or repeated runs converge on one draft and one send job.
 * The draft is created before the claim: a crash in between leaves a draft the retry finds again, never a
 * claimed step without its reminder.
 */
export async function runReminderStep(ctx: AppContext, job: ReminderJob): Promise<StepOutcome> {
  const invoices = ctx.stores.invoices;
  const inv = await invoices.get(job.invoiceId);
  if (!inv) return { kind: 'stop', reason: 'invoice deleted' };
  const inbox = inboxOf(ctx, inv.inbox);
  const plan = invoicePlan(inbox, inv);
  const now = ctx.clock.now();
  const decision = decideStep({
    invoice: inv,
    plan,
    step: job.step,
    now,
    highestClaimed: await invoices.highestClaimedStep(inv.id),
    cal: clientCalendar(inbox, inv.client),
    minGapHours: inbox.reminders.minGapHours,
  });
  if (decision.kind === 'skip' && decision.reason === 'superseded') {
    if (await invoices.claimStep(inv.id, job.step, 'skipped')) {
      await invoices.update(inv.id, (r) => ({
        ...r,
        reminders: [
          ...r.reminders,
          {
            step: job.step,
            state: 'skipped',
            at: now.toISOString(),
            draftId: null,
            outgoingMessageId: null,
            sendAt: null,
          },
        ],
        history: [
          ...r.history,
          {
            at: now.toISOString(),
            actor: 'tactful',
            action: 'reminder-skipped',
            detail: `step ${job.step}: a later step is already due`,
          },
        ],
      }));
    }
    return decision;
  }
  if (decision.kind !== 'fire') return decision;

  const drafts = ctx.stores.drafts;
  const { draft, created } = await drafts.createIfAbsent(
    buildReminderDraft(ctx.config, inbox, inv, job.step, plan, decision.sendAt),
  );
  if (!(await invoices.claimStep(inv.id, job.step, 'drafted')))
    return { kind: 'drafted', draft, created: false };
  await invoices.update(inv.id, (r) => ({
    ...r,
    reminders: [
      ...r.reminders,
      {
        step: job.step,
        state: 'drafted',
        at: now.toISOString(),
        draftId: draft.id,
        outgoingMessageId: draft.outgoingMessageId,
        sendAt: draft.sendAt,
      },
    ],
    history: [
      ...r.history,
      {
        at: now.toISOString(),
        actor: 'tactful',
        action: 'reminder-drafted',
        detail: `step ${job.step}, draft ${draft.id}`,
      },
    ],
  }));
  await invoices.indexThreadMessage(inv.inbox, draft.outgoingMessageId, inv.id);
  // The final "work is paused" notice always waits for a lead (tone.md); the others follow autoSend.
  if (job.step !== FINAL_STEP && inbox.autoSend['payment-reminder'] && draft.status === 'pending') {
    const scheduled = await approveAs(ctx, draft.id, 'tactful', { sendAt: draft.sendAt ?? undefined });
    return { kind: 'drafted', draft: scheduled, created };
  }
  return { kind: 'drafted', draft, created };
}
