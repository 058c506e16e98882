import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';
import { decideStep, upcomingStep, type StepSituation } from '../../src/reminders/decide.ts';
import { planLadder } from '../../src/reminders/ladder.ts';
import type { StepProgress, StepState } from '../../src/reminders/progress.ts';
import type { OfficeCalendar } from '../../src/triage/office-hours.ts';
import { invoiceRecord } from '../harness/records.ts';

const cal: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: DEFAULT_OFFICE_HOURS,
  holidays: { country: 'SE', closed: [] },
};

const invoice = invoiceRecord; // due Mon 1 June 2026

const plan = planLadder('2026-06-01', [3, 10, 21, 28], cal);
// Planned: step 1 Thu 4 Jun 09:00 CEST (07:00Z); 2: Thu 11 Jun; 3: Mon 22 Jun; 4: Mon 29 Jun.

const none: StepState = { kind: 'none' };
const sent = (at: string): StepState => ({ kind: 'sent', attempt: 1, sentAt: new Date(at) });
/** Step states 1–4; missing ones are "never drafted". */
const progress = (...states: StepState[]): StepProgress[] =>
  [1, 2, 3, 4].map((step) => ({ step, state: states[step - 1] ?? none }));

function situation(over: Partial<StepSituation> = {}): StepSituation {
  return {
    invoice: invoice(),
    plan,
    progress: progress(),
    step: 1,
    now: new Date('2026-06-04T07:00:00Z'),
    cal,
    minGapHours: 24,
    ...over,
  };
}
const decide = (
  step: number,
  now: string,
  p: StepProgress[] = progress(),
  over: Partial<StepSituation> = {},
) => decideStep(situation({ step, now: new Date(now), progress: p, ...over }));

describe('reminder step decision: one step at a time, on what the client received', () => {
  it('fires step 1 on its day, to go out at once when the office is open', () => {
    expect(decideStep(situation())).toEqual({
      kind: 'fire',
      sendAt: new Date('2026-06-04T07:00:00Z'),
      attempt: 1,
    });
  });

  it('waits when the job runs before the step is due', () => {
    expect(decide(1, '2026-06-03T12:00:00Z')).toEqual({
      kind: 'wait',
      until: new Date('2026-06-04T07:00:00Z'),
      reason: 'not yet due',
    });
  });

  it('an invoice imported 32 days overdue gets the gentle step 1 first — never step 4', () => {
    const now = '2026-07-03T08:00:00Z'; // Fri 10:00, every planned day long past
    expect(decide(1, now)).toMatchObject({ kind: 'fire', attempt: 1 });
    for (const step of [2, 3, 4]) expect(decide(step, now)).toMatchObject({ kind: 'wait' });
  });

  it('later steps keep the ladder gap after the actual send of the one before', () => {
    // Step 1 went out late, Fri 3 July 10:00 CEST: step 2 (gap 7 days) no earlier than Fri 10 July 10:00.
    const p = progress(sent('2026-07-03T08:00:00Z'));
    expect(decide(2, '2026-07-06T07:00:00Z', p)).toEqual({
      kind: 'wait',
      until: new Date('2026-07-10T08:00:00Z'),
      reason: 'not yet due',
    });
    expect(decide(2, '2026-07-10T08:00:00Z', p)).toMatchObject({
      kind: 'fire',
      sendAt: new Date('2026-07-10T08:00:00Z'),
    });
    // Step 3 (gap 11 days after step 2) waits for step 2: no sooner than step 2's earliest + 11 days.
    expect(decide(3, '2026-07-06T07:00:00Z', p)).toMatchObject({
      kind: 'wait',
      until: new Date('2026-07-21T08:00:00Z'),
      reason: 'step 2 not sent yet',
    });
  });

  it('a later step never goes before its own planned day, even when the gap is kept', () => {
    // Step 1 sent on time: step 2 is due on its planned Thu 11 June, not earlier.
    const p = progress(sent('2026-06-04T07:00:00Z'));
    expect(decide(2, '2026-06-10T07:00:00Z', p)).toEqual({
      kind: 'wait',
      until: new Date('2026-06-11T07:00:00Z'),
      reason: 'not yet due',
    });
  });

  it('a step whose draft waits for a lead holds the ladder: the next step sleeps until it could follow', () => {
    const waiting: StepState = { kind: 'waiting', attempt: 1, sendAt: new Date('2026-06-04T07:00:00Z') };
    expect(decide(1, '2026-06-20T07:00:00Z', progress(waiting))).toEqual({
      kind: 'skip',
      reason: 'already-done',
    });
    // Still unsent on Sat 20 June: step 2 comes no sooner than 7 days after a send that has not happened
    // (Sat 27 June, so the first opening after it, Mon 29 June).
    expect(decide(2, '2026-06-20T07:00:00Z', progress(waiting))).toMatchObject({
      kind: 'wait',
      until: new Date('2026-06-29T07:00:00Z'),
    });
  });

  it('after an outage exactly one step fires: the next unsent one', () => {
    const p = progress(sent('2026-06-04T07:00:00Z'));
    const now = '2026-07-20T10:00:00Z';
    const decisions = [1, 2, 3, 4].map((step) => decide(step, now, p));
    expect(decisions.map((d) => d.kind)).toEqual(['skip', 'fire', 'wait', 'wait']);
  });

  it('a step cancelled by a hold is drafted again once the invoice is chased again', () => {
    const dropped: StepState = { kind: 'dropped', attempt: 1, by: 'hold', actor: 'tactful' };
    const p = progress(sent('2026-06-04T07:00:00Z'), dropped);
    expect(decide(2, '2026-06-20T07:00:00Z', p)).toMatchObject({ kind: 'fire', attempt: 2 });
  });

  it('a step rejected by a lead holds the ladder for a lead', () => {
    const rejected: StepState = { kind: 'dropped', attempt: 1, by: 'lead', actor: 'anna@agency.test' };
    const p = progress(sent('2026-06-04T07:00:00Z'), rejected);
    expect(decide(3, '2026-06-22T07:00:00Z', p)).toEqual({
      kind: 'hold',
      reason: 'the step 2 reminder was rejected by anna@agency.test',
    });
  });

  it('never fires a step that was sent (or skipped by the old catch-up rule)', () => {
    const p = progress(sent('2026-06-04T07:00:00Z'), { kind: 'passed' });
    expect(decide(1, '2026-06-22T07:00:00Z', p)).toEqual({ kind: 'skip', reason: 'already-done' });
    expect(decide(2, '2026-06-22T07:00:00Z', p)).toEqual({ kind: 'skip', reason: 'already-done' });
    expect(decide(3, '2026-06-22T07:00:00Z', p)).toMatchObject({ kind: 'fire' });
  });

  it.each(['paid', 'disputed', 'cancelled'] as const)('stops for a %s invoice', (status) => {
    expect(decideStep(situation({ invoice: invoice({ status }) }))).toEqual({ kind: 'stop', reason: status });
  });

  it('stops for an invoice paused until a lead resumes it', () => {
    expect(decideStep(situation({ invoice: invoice({ status: 'paused' }) })).kind).toBe('stop');
  });

  it('waits for the day after pausedUntil in the client zone, then fires', () => {
    const paused = invoice({ status: 'paused', pausedUntil: '2026-06-08' });
    expect(decideStep(situation({ invoice: paused }))).toEqual({
      kind: 'wait',
      until: new Date('2026-06-08T22:00:00Z'), // Tue 9 June 00:00 CEST
      reason: 'paused',
    });
    const later = decideStep(situation({ invoice: paused, now: new Date('2026-06-09T07:30:00Z') }));
    expect(later).toEqual({ kind: 'fire', sendAt: new Date('2026-06-09T07:30:00Z'), attempt: 1 });
  });

  it('keeps minGapHours after the last message about the invoice, then the next opening', () => {
    // A manual email went out Wed 3 June 16:00 CEST; 24 h later is Thu 16:00, still open.
    const inv = invoice({ lastContactAt: '2026-06-03T14:00:00Z' });
    expect(decideStep(situation({ invoice: inv }))).toMatchObject({
      sendAt: new Date('2026-06-04T14:00:00Z'),
    });
    // Sent at 17:30 CEST: 24 h later the office is closed → Fri 09:00.
    const late = invoice({ lastContactAt: '2026-06-03T15:30:00Z' });
    expect(decideStep(situation({ invoice: late }))).toMatchObject({
      sendAt: new Date('2026-06-05T07:00:00Z'),
    });
  });

  it('sends in the next opening when the step fires outside office hours', () => {
    const d = decideStep(situation({ now: new Date('2026-06-04T18:00:00Z') })); // Thu 20:00 CEST
    expect(d).toMatchObject({ kind: 'fire', sendAt: new Date('2026-06-05T07:00:00Z') });
  });

  it('tells the invoices page which step comes next, and when', () => {
    const base = { invoice: invoice(), plan, cal, minGapHours: 24 };
    expect(upcomingStep({ ...base, progress: progress(), now: new Date('2026-07-03T08:00:00Z') })).toEqual({
      step: 1,
      at: new Date('2026-07-03T08:00:00Z'),
      drafted: false,
    });
    const p = progress(sent('2026-07-03T08:00:00Z'));
    expect(upcomingStep({ ...base, progress: p, now: new Date('2026-07-06T08:00:00Z') })).toEqual({
      step: 2,
      at: new Date('2026-07-10T08:00:00Z'),
      drafted: false,
    });
  });
});
