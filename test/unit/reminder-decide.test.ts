import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';
import { decideStep, type StepSituation } from '../../src/reminders/decide.ts';
import { planLadder } from '../../src/reminders/ladder.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import type { OfficeCalendar } from '../../src/triage/office-hours.ts';

const cal: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: DEFAULT_OFFICE_HOURS,
  holidays: { country: 'SE', closed: [] },
};

function invoice(over: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id: 'inv1',
    inbox: 'studio',
    number: '2026-014',
    client: { email: 'ap@client.test', name: 'Client AB' },
    amount: 12500,
    currency: 'SEK',
    issuedAt: '2026-05-01',
    dueDate: '2026-06-01', // Mon
    status: 'open',
    lastContactAt: null,
    reminders: [],
    createdAt: '2026-05-01T08:00:00Z',
    updatedAt: '2026-05-01T08:00:00Z',
    history: [],
    ...over,
  };
}

const plan = planLadder('2026-06-01', [3, 10, 21, 28], cal);
// Step 1: Thu 4 Jun 09:00 CEST (07:00Z); 2: Thu 11 Jun; 3: Mon 22 Jun; 4: Mon 29 Jun.

function situation(over: Partial<StepSituation> = {}): StepSituation {
  return {
    invoice: invoice(),
    plan,
    step: 1,
    now: new Date('2026-06-04T07:00:00Z'),
    highestClaimed: 0,
    cal,
    minGapHours: 24,
    ...over,
  };
}

describe('reminder step decision', () => {
  it('fires a step that is due, to be sent at once when the office is open', () => {
    expect(decideStep(situation())).toEqual({ kind: 'fire', sendAt: new Date('2026-06-04T07:00:00Z') });
  });

  it('waits when the job runs before the step is due', () => {
    const d = decideStep(situation({ now: new Date('2026-06-03T12:00:00Z') }));
    expect(d).toEqual({ kind: 'wait', until: new Date('2026-06-04T07:00:00Z'), reason: 'not yet due' });
  });

  it('after a 30-day outage sends only the latest due step, once', () => {
    const now = new Date('2026-07-04T10:00:00Z'); // every step is long due
    const decisions = plan.map((p) => decideStep(situation({ step: p.step, now })));
    expect(decisions.map((d) => d.kind)).toEqual(['skip', 'skip', 'skip', 'fire']);
    expect(decisions.filter((d) => d.kind === 'fire')).toHaveLength(1);
  });

  it('after an outage covering steps 1–2 sends step 2 and keeps the dates of steps 3–4', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    expect(decideStep(situation({ step: 1, now })).kind).toBe('skip');
    expect(decideStep(situation({ step: 2, now })).kind).toBe('fire');
    expect(decideStep(situation({ step: 3, now, highestClaimed: 2 }))).toMatchObject({
      kind: 'wait',
      until: plan[2]!.sendAt.toJSDate(),
    });
  });

  it('never fires a step that was already drafted or skipped', () => {
    expect(decideStep(situation({ highestClaimed: 1 }))).toEqual({ kind: 'skip', reason: 'already-done' });
    expect(decideStep(situation({ highestClaimed: 3 }))).toEqual({ kind: 'skip', reason: 'already-done' });
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
    expect(later).toEqual({ kind: 'fire', sendAt: new Date('2026-06-09T07:30:00Z') });
  });

  it('keeps minGapHours after the last message about the invoice, then the next opening', () => {
    // A manual email went out Wed 3 June 16:00 CEST; 24 h later is Thu 16:00, still open.
    const inv = invoice({ lastContactAt: '2026-06-03T14:00:00Z' });
    expect(decideStep(situation({ invoice: inv }))).toEqual({
      kind: 'fire',
      sendAt: new Date('2026-06-04T14:00:00Z'),
    });
    // Sent at 17:30 CEST: 24 h later the office is closed → Fri 09:00.
    const late = invoice({ lastContactAt: '2026-06-03T15:30:00Z' });
    expect(decideStep(situation({ invoice: late }))).toEqual({
      kind: 'fire',
      sendAt: new Date('2026-06-05T07:00:00Z'),
    });
  });

  it('sends in the next opening when the step fires outside office hours', () => {
    const d = decideStep(situation({ now: new Date('2026-06-04T18:00:00Z') })); // Thu 20:00 CEST
    expect(d).toEqual({ kind: 'fire', sendAt: new Date('2026-06-05T07:00:00Z') });
  });
});
