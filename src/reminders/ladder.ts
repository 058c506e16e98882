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

/** Days the ladder puts between two steps (`from` < `to`), from their offsets after the due date. */
export function gapDays(plan: readonly PlannedStep[], from: number, to: number): number {
  const a = plan.find((p) => p.step === from);
  const b = plan.find((p) => p.step === to);
  return a && b ? Math.max(0, b.offsetDays - a.offsetDays) : 0;
}

/**
 * The earliest a step may go out once the step before it went out at `previousAt`: its own planned instant, and
 * the ladder's gap after the previous one — counted in calendar days on the client's wall clock (a DST switch
 * keeps the hour), then rolled to the first open instant. So steps keep their spacing from the first message a
 * client actually got, however late that was.
 */
export function earliestAfter(
  plan: readonly PlannedStep[],
  step: number,
  previousAt: Date,
  cal: OfficeCalendar,
): DateTime {
  const own = plan.find((p) => p.step === step)!.sendAt;
  const gap = DateTime.fromJSDate(previousAt, { zone: cal.timezone }).plus({
    days: gapDays(plan, step - 1, step),
  });
  return DateTime.max(own, nextOpening(cal, gap.toJSDate()))!;
}

/**
 * When `target` would go out if `from` goes out at `fromAt` and every step between follows at the earliest:
 * what step 3 names as the day work pauses (step 4 can come no earlier).
 */
export function projectedAt(
  plan: readonly PlannedStep[],
  from: number,
  fromAt: Date,
  target: number,
  cal: OfficeCalendar,
): DateTime {
  let at: DateTime = DateTime.fromJSDate(fromAt, { zone: cal.timezone });
  for (let step = from + 1; step <= target; step++) at = earliestAfter(plan, step, at.toJSDate(), cal);
  return at;
}
