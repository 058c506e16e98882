import type { AppContext } from '../context.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import { STEPS } from './ladder.ts';

/**
 * Where each step of an invoice's ladder stands, read from the invoice's step entries and their drafts. The
 * ladder moves on what a client actually received, not on what was drafted: a step counts as done only once its
 * reminder was sent.
 */
export type StepState =
  /** Never drafted. */
  | { kind: 'none' }
  /** Skipped by the catch-up rule of old records (before issue 12): counts as passed. */
  | { kind: 'passed' }
  /** Drafted and not sent yet: waiting for a lead, scheduled, sending, or failed (a lead may retry). */
  | { kind: 'waiting'; attempt: number; sendAt: Date | null }
  | { kind: 'sent'; attempt: number; sentAt: Date }
  /**
   * Its draft will never go out: cancelled by a hold (paid, disputed, paused — it may be drafted again once the
   * invoice is chased again) or rejected by a lead (the ladder then waits for a lead).
   */
  | { kind: 'dropped'; attempt: number; by: 'hold' | 'lead'; actor: string };

export interface StepProgress {
  step: number;
  state: StepState;
}

/**
 * A draft's status as a step state. Pure. A rejection before `resumedAt` (a lead resumed the invoice since)
 * no longer holds the ladder: the step may be drafted again.
 */
export function stepStateOf(
  attempt: number,
  d: DraftRecord | null,
  resumedAt: string | null = null,
): StepState {
  if (!d) return { kind: 'dropped', attempt, by: 'hold', actor: 'tactful' };
  switch (d.status) {
    case 'sent':
      return { kind: 'sent', attempt, sentAt: new Date(d.sentAt ?? d.updatedAt) };
    case 'rejected': {
      const lifted = resumedAt !== null && resumedAt >= d.updatedAt;
      return {
        kind: 'dropped',
        attempt,
        by: lifted ? 'hold' : 'lead',
        actor: d.audit.at(-1)?.actor ?? 'a lead',
      };
    }
    case 'cancelled':
      return { kind: 'dropped', attempt, by: 'hold', actor: d.audit.at(-1)?.actor ?? 'tactful' };
    default:
      return { kind: 'waiting', attempt, sendAt: d.sendAt ? new Date(d.sendAt) : null };
  }
}

/** The state of every step (1–4) of an invoice: its step entries and the drafts they name. */
export async function readProgress(ctx: AppContext, inv: InvoiceRecord): Promise<StepProgress[]> {
  const resumedAt = inv.history.filter((h) => h.action === 'resume').at(-1)?.at ?? null;
  return Promise.all(
    STEPS.map(async (step): Promise<StepProgress> => {
      const entry = inv.reminders.filter((r) => r.step === step).at(-1);
      if (!entry) return { step, state: { kind: 'none' } };
      if (entry.state === 'skipped') return { step, state: { kind: 'passed' } };
      const draft = entry.draftId ? await ctx.stores.drafts.get(entry.draftId) : null;
      return { step, state: stepStateOf(entry.attempt ?? 1, draft, resumedAt) };
    }),
  );
}

/** The first step not yet sent (or passed): the only one that may be drafted next. Null when all are done. */
export function nextUnsent(progress: readonly StepProgress[]): StepProgress | null {
  return progress.find((p) => p.state.kind !== 'sent' && p.state.kind !== 'passed') ?? null;
}
