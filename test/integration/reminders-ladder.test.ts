import { afterAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { ManualClock } from '../../src/clock.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { planReminders } from '../../src/reminders/scheduler.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { changeInvoiceStatus } from '../../src/reminders/actions.ts';
import { reminderDraftPolicy } from '../../src/reminders/draft-policy.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { invoiceBody } from '../harness/records.ts';
import { markSent, reminderContext } from './reminders-support.ts';
import { moveDraft } from '../../src/drafts/transitions.ts';

const prefixes: string[] = [];
afterAll(() => Promise.all(prefixes.map(wipePrefix)));

let ctx: AppContext;
let clock: ManualClock;
let close: () => Promise<void>;

async function fresh(opts: Parameters<typeof reminderContext>[1] = {}) {
  const prefix = uniquePrefix('rem-ladder');
  prefixes.push(prefix);
  ({ ctx, clock, close } = await reminderContext(prefix, opts));
}
beforeEach(() => fresh());
afterEach(() => close());

const drafts = () => ctx.stores.drafts;
const invoices = () => ctx.stores.invoices;
const allDrafts = () => drafts().list({ inboxes: ['studio'], limit: 1000 });
// Due Mon 1 June 2026, Stockholm: step 1 Thu 4 Jun, 2 Thu 11 Jun, 3 Mon 22 Jun, 4 Mon 29 Jun, 09:00 CEST.
const STEP_AT = [
  '2026-06-04T07:00:00Z',
  '2026-06-11T07:00:00Z',
  '2026-06-22T07:00:00Z',
  '2026-06-29T07:00:00Z',
];

describe('reminder ladder on Redis', () => {
  it('plans exactly 4 wake-ups per invoice: 100 invoices → 400, however often the planner runs', async () => {
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) => createInvoice(ctx, 'studio', invoiceBody(`N-${i}`), 'test')),
    );
    // The planner again, twice, concurrently with itself.
    await Promise.all([...created, ...created].map((inv) => planReminders(ctx, inv)));
    const counts = await ctx.queues.reminder.getJobCounts('delayed', 'waiting', 'active', 'completed');
    expect(Object.values(counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(400);
    const ids = (await ctx.queues.reminder.getJobs(['delayed', 'waiting'], 0, 1000)).map((j) => j.id);
    expect(new Set(ids).size).toBe(400);
    expect(ids).toContain(`reminder_${created[7]!.id}_4`);
  });

  it('drafts step 1 once on its day, in the client language, however many times the step runs', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-014'), 'test');
    clock.set(STEP_AT[0]!);
    const outcomes = await Promise.all(
      [1, 1, 1, 1].map((step) => runReminderStep(ctx, { invoiceId: inv.id, step })),
    );
    expect(outcomes.filter((o) => o.kind === 'drafted' && o.created)).toHaveLength(1);
    const list = await allDrafts();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: `r_${inv.id}_1`,
      kind: 'payment-reminder',
      step: 1,
      language: 'sv',
      status: 'pending',
      to: 'ap@client.test',
      sendAt: new Date(STEP_AT[0]!).toISOString(),
    });
    expect(list[0]!.body).toMatch(/Belopp: 12\s500,00\skr\n/);
    // Step 2's day comes while step 1 still waits for a lead: step 2 waits too — it follows a sent step 1.
    clock.set(STEP_AT[1]!);
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toMatchObject({
      kind: 'wait',
      reason: 'step 1 not sent yet',
    });
    await markSent(ctx, list[0]!.id, STEP_AT[1]);
    clock.set('2026-06-18T07:00:00Z'); // 7 days after step 1 actually went out
    const second = await runReminderStep(ctx, { invoiceId: inv.id, step: 2 });
    expect(second).toMatchObject({
      kind: 'drafted',
      draft: { step: 2, inReplyTo: list[0]!.outgoingMessageId },
    });
  });

  it('after a 30-day outage drafts the next unsent step only — step 1 for an invoice never chased', async () => {
    // Old rule (invoiceninja#637): only the latest due step, i.e. "work is paused" as the first contact.
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-015'), 'test');
    clock.set('2026-07-04T10:00:00Z'); // Saturday, every step's day long past
    const runs = [1, 2, 3, 4, 1, 2, 3, 4].map((step) => runReminderStep(ctx, { invoiceId: inv.id, step }));
    await Promise.all(runs);
    const list = await allDrafts();
    expect(list.map((d) => d.step)).toEqual([1]);
    expect(list[0]!.sendAt).toBe('2026-07-06T07:00:00.000Z'); // Mon 09:00 CEST, not the weekend
    const rec = await invoices().require(inv.id);
    expect(rec.reminders.map((r) => `${r.step}:${r.state}`)).toEqual(['1:drafted']);
    // The later steps sleep until they could follow step 1, however often their jobs run.
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 4 })).toMatchObject({ kind: 'wait' });
  });

  it('an outage after step 1 went out sends step 2 once, and steps 3–4 keep their gaps from it', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-023'), 'test');
    clock.set(STEP_AT[0]!);
    const first = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    if (first.kind !== 'drafted') throw new Error('expected step 1');
    await markSent(ctx, first.draft.id, STEP_AT[0]);
    clock.set('2026-07-20T08:00:00Z'); // Mon 10:00, back after an outage past steps 2–4's days
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 2, 3, 4].map((step) => runReminderStep(ctx, { invoiceId: inv.id, step })),
    );
    expect(
      outcomes
        .filter((o) => o.kind === 'drafted' && o.created)
        .map((o) => o.kind === 'drafted' && o.draft.step),
    ).toEqual([2]);
    expect((await allDrafts()).map((d) => d.step).sort()).toEqual([1, 2]);
  });

  it('the final step waits for a lead even when reminders are sent automatically', async () => {
    await close();
    await fresh({ inbox: { autoSend: { 'payment-reminder': true } } });
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-016'), 'test');
    for (const [i, at] of STEP_AT.entries()) {
      clock.set(at);
      const o = await runReminderStep(ctx, { invoiceId: inv.id, step: i + 1 });
      if (o.kind !== 'drafted') throw new Error(`expected step ${i + 1}, got ${JSON.stringify(o)}`);
      expect(o.draft.status).toBe(i < 3 ? 'scheduled' : 'pending');
      if (i < 3) await markSent(ctx, o.draft.id, at);
    }
  });

  it('paid between draft and send: the scheduled reminder is cancelled and the send check refuses it', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-017'), 'test');
    clock.set(STEP_AT[0]!);
    await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    const { draft: scheduled } = await approveAs(ctx, `r_${inv.id}_1`, 'anna@agency.test');
    expect(scheduled.status).toBe('scheduled');
    const now = clock.now();
    expect(await reminderDraftPolicy.stillWanted(ctx, scheduled, now)).toEqual({ wanted: true });

    await changeInvoiceStatus(ctx, inv.id, 'paid', 'api:test');
    expect((await drafts().get(scheduled.id))!.status).toBe('cancelled');
    expect(await reminderDraftPolicy.stillWanted(ctx, scheduled, now)).toEqual({
      wanted: false,
      reason: 'invoice 2026-017 is paid',
    });
    clock.set(STEP_AT[1]!);
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toEqual({
      kind: 'stop',
      reason: 'paid',
    });
  });

  it('the send check refuses a reminder whose invoice changed behind its back (no cancel ran)', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-018'), 'test');
    clock.set(STEP_AT[0]!);
    const o = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    if (o.kind !== 'drafted') throw new Error('expected a draft');
    await invoices().update(inv.id, (r) => ({ ...r, status: 'disputed' }));
    expect(await reminderDraftPolicy.stillWanted(ctx, o.draft, clock.now())).toMatchObject({ wanted: false });
  });

  it('approval re-checks the invoice: a reminder for a disputed invoice is cancelled, not scheduled', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-021'), 'test');
    clock.set(STEP_AT[0]!);
    await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    await invoices().update(inv.id, (r) => ({ ...r, status: 'disputed' }));
    await expect(approveAs(ctx, `r_${inv.id}_1`, 'anna@agency.test')).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
    expect((await drafts().get(`r_${inv.id}_1`))!.status).toBe('cancelled');
    expect(await ctx.queues.send.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 0, waiting: 0 });
  });

  it('keeps the ladder gap after a late step 1: step 2 a week after it went out, not on its planned day', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-022'), 'test');
    clock.set('2026-06-10T13:00:00Z'); // Wed 15:00: step 1 drafted late (the service was down)
    const first = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    if (first.kind !== 'drafted') throw new Error('expected step 1');
    await markSent(ctx, first.draft.id, '2026-06-10T13:00:00Z');
    clock.set(STEP_AT[1]!); // Thu 11 June 09:00: step 2's planned time, only 18 h later
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toEqual({
      kind: 'wait',
      until: new Date('2026-06-17T13:00:00Z'),
      reason: 'not yet due',
    });
    clock.set('2026-06-17T13:00:00Z');
    const o = await runReminderStep(ctx, { invoiceId: inv.id, step: 2 });
    expect(o).toMatchObject({ kind: 'drafted', draft: { sendAt: '2026-06-17T13:00:00.000Z' } });
    // A lead approving at once does not pull it forward.
    const { draft: approved } = await approveAs(ctx, `r_${inv.id}_2`, 'anna@agency.test');
    expect(approved.sendAt).toBe('2026-06-17T13:00:00.000Z');
  });

  it('pausing until a date holds the ladder, then step 1 goes out — not the step whose day came meanwhile', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-019'), 'test');
    await changeInvoiceStatus(ctx, inv.id, 'pause', 'api:test', { until: '2026-06-10' });
    clock.set(STEP_AT[0]!);
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).toEqual({
      kind: 'wait',
      until: new Date('2026-06-10T22:00:00Z'),
      reason: 'paused',
    });
    clock.set(STEP_AT[1]!);
    expect((await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).kind).toBe('wait');
    expect((await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).kind).toBe('drafted');
    expect((await allDrafts()).map((d) => d.step)).toEqual([1]);
  });

  it('a reminder cancelled by a hold is drafted again (a new draft) when the ladder resumes', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-024'), 'test');
    clock.set(STEP_AT[0]!);
    const first = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    if (first.kind !== 'drafted') throw new Error('expected step 1');
    await changeInvoiceStatus(ctx, inv.id, 'pause', 'api:test'); // the client wrote; a lead looks into it
    expect((await drafts().get(first.draft.id))!.status).toBe('cancelled');
    clock.set(STEP_AT[1]!);
    await changeInvoiceStatus(ctx, inv.id, 'resume', 'api:test');
    // Step 1 never reached the client, so it is what goes out now; step 2 ("following up") waits for it.
    const again = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    expect(again).toMatchObject({
      kind: 'drafted',
      created: true,
      draft: { id: `r_${inv.id}_1_2`, step: 1, attempt: 2 },
    });
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toMatchObject({ kind: 'wait' });
    const rec = await invoices().require(inv.id);
    expect(rec.reminders).toMatchObject([{ step: 1, attempt: 2, draftId: `r_${inv.id}_1_2` }]);
    // Running it again changes nothing.
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).toEqual({
      kind: 'skip',
      reason: 'already-done',
    });
  });

  it('a reminder a lead rejects puts the invoice on hold until a lead resumes it', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-025'), 'test');
    clock.set(STEP_AT[0]!);
    await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
    await moveDraft(drafts(), `r_${inv.id}_1`, 'reject', { actor: 'anna@agency.test' });
    clock.set(STEP_AT[1]!);
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toEqual({
      kind: 'hold',
      reason: 'the step 1 reminder was rejected by anna@agency.test',
    });
    const held = await invoices().require(inv.id);
    expect(held).toMatchObject({ status: 'paused' });
    expect(held.history.at(-1)).toMatchObject({ actor: 'tactful', action: 'pause' });
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 3 })).toEqual({
      kind: 'stop',
      reason: 'paused',
    });
    await changeInvoiceStatus(ctx, inv.id, 'resume', 'anna@agency.test');
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).toMatchObject({
      kind: 'drafted',
      draft: { step: 1, attempt: 2 },
    });
  });

  it('resume after a manual pause plans again and the ladder continues', async () => {
    const inv = await createInvoice(ctx, 'studio', invoiceBody('2026-020'), 'test');
    await changeInvoiceStatus(ctx, inv.id, 'pause', 'api:test');
    clock.set(STEP_AT[0]!);
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).toEqual({
      kind: 'stop',
      reason: 'paused',
    });
    await expect(changeInvoiceStatus(ctx, inv.id, 'dispute', 'x')).resolves.toMatchObject({
      status: 'disputed',
    });
    await changeInvoiceStatus(ctx, inv.id, 'resume', 'api:test');
    expect((await runReminderStep(ctx, { invoiceId: inv.id, step: 1 })).kind).toBe('drafted');
    const jobs = await ctx.queues.reminder.getJobs(['delayed', 'waiting']);
    expect(jobs.map((j) => j.id).sort()).toEqual([1, 2, 3, 4].map((s) => `reminder_${inv.id}_${s}`));
    await expect(changeInvoiceStatus(ctx, inv.id, 'resume', 'x')).rejects.toMatchObject({ code: 'conflict' });
  });
});
