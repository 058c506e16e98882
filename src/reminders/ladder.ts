import { DateTime } from 'luxon';
import { nextOpening, type OfficeCalendar } from '../triage/office-hours.ts';

export const STEPS = [1, 2, 3, 4] as const;
export type Step = (typeof STEPS)[number];
/** The step that says "work is paused": it always waits for a lead's approval. */
export const FINAL_STEP: Step = 4;

export interface PlannedStep {
  step: Step;
  /** Days after the due date. */
  offsetDays: number;
  /** The nominal local calendar day (due + offset), before rolling over closed days. */
  targetDate: string;
  /** First open instant on or after the target day in the client's calendar. */
  sendAt: DateTime;
}

/**
 * Where each step of the ladder lands. Pure: the due date is a local calendar date; each target day starts at
 * local midnight of *that* day in the client's zone and rolls forward to the first open instant, so a DST
 * switch between the due date and the target day cannot shift the hour (invoiceninja#12158), and weekends
 * and holidays move the step to the next working day at opening time (getprobo/probo#1591).
 */
export function planLadder(dueDate: string, offsets: readonly number[], cal: OfficeCalendar): PlannedStep[] {
  const due = DateTime.fromISO(dueDate, { zone: cal.timezone });
  if (!due.isValid) throw new Error(`invalid due date ${dueDate}`);
  return STEPS.map((step, i) => {
    const offsetDays = offsets[i] ?? offsets[offsets.length - 1] ?? 0;
    const target = due.plus({ days: offsetDays }).startOf('day');
    return {
      step,
      offsetDays,
      targetDate: target.toISODate()!,
      sendAt: nextOpening(cal, target.toJSDate()),
    };
  });
}

/** The highest step whose send instant has come (0 when none): the only one a catch-up may still send. */
export function latestDueStep(plan: readonly PlannedStep[], now: Date): number {
  let latest = 0;
  for (const p of plan) if (p.sendAt.toMillis() <= now.getTime()) latest = p.step;
  return latest;
}
