import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { ManualClock } from '../../src/clock.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { onClientMessage } from '../../src/reminders/replies.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { invoiceBody } from '../harness/records.ts';
import { clientMessage, reminderContext } from './reminders-support.ts';

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
    expect(await onClientMessage(ctx, msg)).toEqual({ matched: true, invoiceId: inv.id, action: 'paused' });
    expect(await status()).toBe('paused');
    expect(await draftStatus()).toBe('cancelled');
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

  it('a dispute marks the invoice disputed', async () => {
    const msg = clientMessage({ inReplyTo: inv.threadMessageId!, triage: { payment: 'dispute' } });
    expect(await onClientMessage(ctx, msg)).toMatchObject({ action: 'disputed' });
    expect(await status()).toBe('disputed');
    expect(await draftStatus()).toBe('cancelled');
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
});
