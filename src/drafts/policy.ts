import type { DraftKind } from '../model/draft-kinds.ts';
import type { DraftRecord } from '../model/draft-record.ts';

export type StillWanted = { wanted: true } | { wanted: false; reason: string };

/**
 * What one kind of draft adds to the generic draft rules. Payment reminders plug in here
 * (src/reminders/draft-policy.ts), wired by the composition root, so drafts never import reminders.
 * `C` is the service context (AppContext); a parameter so that this module and src/context.ts need not import
 * each other.
 */
export interface DraftPolicy<C> {
  /**
   * Asked at approval (with the time it would go out) and right before sending (now); `wanted: false` cancels
   * the draft with the reason.
   */
  stillWanted(ctx: C, draft: DraftRecord, at: Date): Promise<StillWanted>;
  /**
   * When the draft goes out if approved now (or at `requested`); null leaves it to the inbox calendar rule
   * (the next opening at or after the requested time).
   */
  sendAt(ctx: C, draft: DraftRecord, requested?: Date): Promise<Date | null>;
  /** Whether a person's answer in the thread makes the draft obsolete (replies: yes; reminders: no). */
  cancelledByAgencyAnswer: boolean;
}

export type DraftPolicies<C> = Partial<Record<DraftKind, DraftPolicy<C>>>;

/** The generic rules: always wanted, inbox calendar, cancelled when someone from the agency answered. */
export const REPLY_POLICY: DraftPolicy<unknown> = {
  stillWanted: async () => ({ wanted: true }),
  sendAt: async () => null,
  cancelledByAgencyAnswer: true,
};

export const policyFor = <C>(
  ctx: { draftPolicies: DraftPolicies<C> },
  d: Pick<DraftRecord, 'kind'>,
): DraftPolicy<C> => ctx.draftPolicies[d.kind] ?? REPLY_POLICY;
