import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { ManualClock } from '../../src/clock.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { onClientMessage } from '../../src/reminders/replies.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { invoiceBody } from '../harness/records.ts';
import { clientMessage, markSent, reminderContext } from './reminders-support.ts';

const prefix = uniquePrefix('rem-replies');
afterAll(() => wipePrefix(prefix));

let ctx: AppContext;
let clock: ManualClock;
let close: () => Promise<void>;
let inv: InvoiceRecord;
let reminder: DraftRecord;
let n = 0;

beforeEach(async () => {
  ({ ctx, clock, close } = await reminderContext(prefix));
  inv = await createInvoice(
    ctx,
    'studio',
    invoiceBody(`2026-${100 + n++}`, { threadMessageId: `<invoice-${n}@northlight.test>` }),
    'test',
  );
  clock.set('2026-06-04T07:00:00Z');
  const o = await runReminderStep(ctx, { invoiceId: inv.id, step: 1 });
  if (o.kind !== 'drafted') throw new Error('expected a step 1 draft');
  reminder = o.draft;
});
afterEach(() => close());

const status = async () => (await ctx.stores.invoices.require(inv.id)).status;
const draftStatus = async () => (await ctx.stores.drafts.get(reminder.id))!.status;

describe('client replies and the reminder ladder', () => {
  it('a reply in the reminder thread pauses the ladder and cancels the waiting reminder', async () => {
    const msg = clientMessage({
      inReplyTo: reminder.outgoingMessageId,
      references: [reminder.outgoingMessageId],
    });
    expect(await onClientMessage(ctx, msg)).toEqual({
      matched: true,
      invoiceId: inv.id,
      action: 'paused',
      draftId: `m_${msg.id}`,
    });
    expect(await status()).toBe('paused');
    expect(await draftStatus()).toBe('cancelled');
    // The client's mail reaches a lead: a reply draft waits in the queue with the invoice beside it.
    expect(await ctx.stores.drafts.get(`m_${msg.id}`)).toMatchObject({
      kind: 'payment-reply',
      status: 'pending',
      unattended: false,
      invoiceId: inv.id,
      recordId: msg.id,
    });
    expect((await ctx.stores.invoices.require(inv.id)).clientMessages).toEqual([
      { recordId: msg.id, receivedAt: msg.triage!.receivedAt, payment: 'none', draftId: `m_${msg.id}` },
    ]);
    clock.set('2026-06-11T07:00:00Z');
    expect(await runReminderStep(ctx, { invoiceId: inv.id, step: 2 })).toEqual({
      kind: 'stop',
      reason: 'paused',
    });
    // The same message handed over again (a retried job) changes nothing.
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'already-handled' });
  });

  it('a reply to the invoice email itself (References) counts too', async () => {
    const msg = clientMessage({ references: ['<other@x.test>', inv.threadMessageId!] });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'paused' });
  });

  it('"we have paid" / "we will pay Friday" pause until a lead confirms', async () => {
    const msg = clientMessage({ inReplyTo: inv.threadMessageId!, triage: { payment: 'promise' } });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'paused' });
    const rec = await ctx.stores.invoices.require(inv.id);
    expect(rec.pausedUntil).toBeUndefined();
    expect(rec.history.at(-1)!.detail).toContain('payment=promise');
  });

  it('a dispute marks the invoice disputed and gives the lead a reply promising an answer by a time', async () => {
    const msg = clientMessage({ inReplyTo: inv.threadMessageId!, triage: { payment: 'dispute' } });
    clock.set(msg.internalDate); // Friday 5 June, 10:00 in Stockholm
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'disputed' });
    expect(await status()).toBe('disputed');
    expect(await draftStatus()).toBe('cancelled');
    const reply = (await ctx.stores.drafts.get(`m_${msg.id}`))!;
    // Friday 5 June 10:00 in Stockholm + 24 business hours (7 + 8 + 8 + 1) = Wednesday 10 June 10:00.
    expect(reply).toMatchObject({ kind: 'payment-reply', promisedBy: '2026-06-10T08:00:00.000Z' });
    expect(reply.body).toContain('answer you by Wednesday 10 June, 10:00 (Stockholm time)');
    // The lead promises Thursday instead: the text follows.
    const { draft: approved } = await approveAs(ctx, reply.id, 'anna@agency.test', {
      promisedBy: '2026-06-11T08:00:00.000Z',
    });
    expect(approved.body).toContain('answer you by Thursday 11 June, 10:00 (Stockholm time)');
  });

  it('a promise with a date pauses until the date plus grace; no date pauses until a lead acts', async () => {
    const dated = clientMessage({
      inReplyTo: inv.threadMessageId!,
      text: 'Sorry for the delay, we will pay on 15 June.',
      triage: { payment: 'promise' },
    });
    expect(await onClientMessage(ctx, dated)).toMatchObject({ action: 'paused-until' });
    const rec = await ctx.stores.invoices.require(inv.id);
    expect(rec).toMatchObject({
      status: 'paused',
      pausedUntil: '2026-06-18',
      promise: { date: '2026-06-15', recordId: dated.id },
    });
    expect(rec.history.at(-1)!.detail).toContain('promised to pay on 2026-06-15');
    expect((await ctx.stores.drafts.get(`m_${dated.id}`))!.body).toContain('will be made on 15 June 2026');
  });

  it('mail from a finance colleague naming the number with payment talk reaches the lead too', async () => {
    const msg = clientMessage({
      from: { address: 'eva.lind@client.test', name: 'Eva Lind' },
      subject: 'Betalning',
      text: `Vi har betalat faktura ${inv.number} i dag.`,
      triage: { payment: 'paid', invoice: inv.number, language: 'sv' },
    });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'paused', draftId: `m_${msg.id}` });
    expect((await ctx.stores.drafts.get(`m_${msg.id}`))!.body).toMatch(/^Hej Eva,/);
  });

  it('the client writing again replaces the older reply still waiting for the lead', async () => {
    const first = clientMessage({ inReplyTo: inv.threadMessageId!, triage: { payment: 'extension' } });
    const second = clientMessage({ inReplyTo: inv.threadMessageId!, triage: { payment: 'promise' } });
    await onClientMessage(ctx, first);
    clock.advance(60_000);
    await onClientMessage(ctx, second);
    expect((await ctx.stores.drafts.get(`m_${first.id}`))!.status).toBe('cancelled');
    expect((await ctx.stores.drafts.get(`m_${second.id}`))!.status).toBe('pending');
  });

  it('a new mail from the client naming the invoice number pauses it, without thread headers', async () => {
    const msg = clientMessage({ subject: 'Question', text: `About invoice ${inv.number}: who approved it?` });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'paused' });
  });

  it('an out-of-office answer is noted, not counted as a reply', async () => {
    const msg = clientMessage({
      inReplyTo: reminder.outgoingMessageId,
      triage: { autoReply: { allowed: false, reason: 'auto-submitted' }, categories: ['automated'] },
    });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'noted-auto-reply' });
    expect(await status()).toBe('open');
    expect(await draftStatus()).toBe('pending');
    expect(await ctx.stores.drafts.get(`m_${msg.id}`)).toBeNull(); // nobody answers an out-of-office
  });

  it('ignores our own reminder coming back into the shared inbox', async () => {
    const own = clientMessage({
      from: { address: ctx.config.inboxes[0]!.address, name: 'Northlight' },
      inReplyTo: inv.threadMessageId!,
    });
    expect(await onClientMessage(ctx, own)).toEqual({ matched: false });
    expect(await status()).toBe('open');
  });

  it('ignores mail from other senders that merely mentions the number, and unrelated mail', async () => {
    const stranger = clientMessage({
      from: { address: 'someone@else.test', name: 'X' },
      text: `invoice ${inv.number}`,
    });
    expect(await onClientMessage(ctx, stranger)).toEqual({ matched: false });
    const longer = clientMessage({ text: `invoice ${inv.number}1 is another one` });
    expect(await onClientMessage(ctx, longer)).toEqual({ matched: false });
    expect(await status()).toBe('open');
  });

  it('a promise holds the ladder until the date plus grace, then the next step thanks for it instead of asking', async () => {
    // Due Mon 16 Nov; step 1 went out Thu 19 Nov, step 2 is drafted Thu 26 Nov and waits for a lead.
    const due = await createInvoice(
      ctx,
      'studio',
      invoiceBody('2026-300', {
        client: { email: 'ap@client.test', name: 'Client AB', language: 'en' },
        issuedAt: '2026-10-16',
        dueDate: '2026-11-16',
        threadMessageId: '<invoice-300@northlight.test>',
      }),
      'test',
    );
    clock.set('2026-11-19T08:00:00Z');
    const one = await runReminderStep(ctx, { invoiceId: due.id, step: 1 });
    if (one.kind !== 'drafted') throw new Error('expected step 1');
    await markSent(ctx, one.draft.id, '2026-11-19T08:00:00Z');
    clock.set('2026-11-26T08:00:00Z');
    const two = await runReminderStep(ctx, { invoiceId: due.id, step: 2 });
    if (two.kind !== 'drafted') throw new Error('expected step 2');
    expect(two.draft.body).toContain('let us know the date');

    // Friday 27 Nov: "We'll pay on 15 December."
    clock.set('2026-11-27T09:00:00Z');
    const promise = clientMessage({
      inReplyTo: two.draft.outgoingMessageId,
      text: "Thanks for the reminder. We'll pay on 15 December.",
      internalDate: '2026-11-27T09:00:00Z',
      triage: { payment: 'promise', receivedAt: '2026-11-27T09:00:00Z' },
    });
    expect(await onClientMessage(ctx, promise)).toMatchObject({ action: 'paused-until' });
    expect(await ctx.stores.invoices.require(due.id)).toMatchObject({
      status: 'paused',
      pausedUntil: '2026-12-18',
    });
    expect((await ctx.stores.drafts.get(two.draft.id))!.status).toBe('cancelled');

    // Through 18 December (15 + 3 days of grace) nothing goes out.
    clock.set('2026-12-18T15:00:00Z');
    expect(await runReminderStep(ctx, { invoiceId: due.id, step: 2 })).toMatchObject({
      kind: 'wait',
      until: new Date('2026-12-18T23:00:00Z'), // Sat 19 Dec 00:00 in Stockholm
    });
    // Then the step the client never received goes out at the next opening (Mon 21 Dec) — drafted again,
    // thanking for the promised date instead of asking for one.
    clock.set('2026-12-18T23:00:00Z');
    const resumed = await runReminderStep(ctx, { invoiceId: due.id, step: 2 });
    expect(resumed).toMatchObject({
      kind: 'drafted',
      draft: { step: 2, attempt: 2, sendAt: '2026-12-21T08:00:00.000Z' },
    });
    if (resumed.kind !== 'drafted') return;
    expect(resumed.draft.body).toContain('the payment would be made on 15 December 2026');
    expect(resumed.draft.body).not.toContain('let us know the date');
    expect(await runReminderStep(ctx, { invoiceId: due.id, step: 3 })).toMatchObject({ kind: 'wait' });
  });
});
