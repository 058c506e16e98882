import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { AppContext } from '../../src/context.ts';
import type { ManualClock } from '../../src/clock.ts';
import { importInvoicesCsv } from '../../src/reminders/csv-import.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { markSent, reminderContext, walkLadder, type Sent } from './reminders-support.ts';

/**
 * Issue 12: the first message a client ever gets about an invoice is the gentle step 1, however overdue the
 * invoice is when Tactful first sees it, and every later step keeps the ladder's gap after the one before it
 * actually went out. Real Redis, the service's own step logic, a hand-moved clock; reminders go out unattended
 * (autoSend) except "work is paused", which a lead approves.
 */
const prefixes: string[] = [];
afterAll(() => Promise.all(prefixes.map(wipePrefix)));

let ctx: AppContext;
let clock: ManualClock;
let close: () => Promise<void>;
beforeEach(async () => {
  const prefix = uniquePrefix('rem-catchup');
  prefixes.push(prefix);
  // Wednesday 1 July 2026, 10:00 in Stockholm: the day the agency starts using Tactful.
  ({ ctx, clock, close } = await reminderContext(prefix, {
    at: '2026-07-01T08:00:00Z',
    inbox: { autoSend: { 'payment-reminder': true } },
  }));
});
afterEach(() => close());

const csv = (rows: string[]) =>
  ['number,client_email,client_name,amount,currency,issued_at,due_date,language', ...rows].join('\n');
const local = (iso: string) => DateTime.fromISO(iso).setZone('Europe/Stockholm').toFormat('ccc d LLL HH:mm');
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86400_000;

describe('catching up on invoices that are already overdue', () => {
  it('an import of invoices 5, 17 and 32 days overdue: each gets step 1 first, then the ladder at its gaps', async () => {
    const report = await importInvoicesCsv(
      ctx,
      'studio',
      csv([
        'C-5,ap@five.test,Five AB,1000,SEK,2026-05-26,2026-06-26,en', // Fri 26 June: 5 days overdue
        'C-17,ap@seventeen.test,Seventeen AB,1000,SEK,2026-05-14,2026-06-14,en', // Sun 14 June: 17 days
        'C-32,ap@thirtytwo.test,Thirty-Two AB,1000,SEK,2026-04-29,2026-05-30,en', // Sat 30 May: 32 days
      ]),
    );
    expect(report.errors).toEqual([]);
    const ids = report.imported.map((i) => i.id);
    const received = await walkLadder(ctx, clock, ids, '2026-08-31T00:00:00Z');

    for (const id of ids) {
      const got = received.get(id)!;
      const number = report.imported.find((i) => i.id === id)!.number;
      // The whole ladder, in order, one message per step, starting gently on the day of the import.
      expect(
        got.map((s) => s.step),
        number,
      ).toEqual([1, 2, 3, 4]);
      expect(local(got[0]!.at), number).toBe('Wed 1 Jul 10:00');
      // Gaps of the default ladder (3/10/21/28): 7, 11 and 7 days after the previous one actually went out.
      expect(days(got[0]!.at, got[1]!.at)).toBeGreaterThanOrEqual(7);
      expect(days(got[1]!.at, got[2]!.at)).toBeGreaterThanOrEqual(11);
      expect(days(got[2]!.at, got[3]!.at)).toBeGreaterThanOrEqual(7);
      // Step 1 is the friendly note; step 2 follows up on it; "work is paused" comes last.
      const bodies = await Promise.all(
        got.map(async (s: Sent) => (await ctx.stores.drafts.get(s.draftId))!.body),
      );
      expect(bodies[0]).toContain('it may simply have slipped through');
      expect(bodies[1]).toContain('I am following up');
      expect(bodies[3]).toContain('work on your projects is paused');
    }
    // Exactly the days: Wed 8 July (a week after step 1), Mon 20 July (11 days later fall on a Sunday),
    // Mon 27 July — the same for all three, however overdue each one was.
    for (const id of ids) {
      expect(received.get(id)!.map((s) => local(s.at))).toEqual([
        'Wed 1 Jul 10:00',
        'Wed 8 Jul 10:00',
        'Mon 20 Jul 09:00',
        'Mon 27 Jul 09:00',
      ]);
    }
    // Nothing else was drafted: four reminders per invoice, each sent once.
    const all = await ctx.stores.drafts.list({ inboxes: ['studio'], limit: 1000 });
    expect(all).toHaveLength(12);
    expect(all.every((d) => d.status === 'sent')).toBe(true);
  });

  it('an invoice imported before its step 1 day waits for that day, then keeps its own planned days', async () => {
    // Due Mon 29 June: step 1 planned Thu 2 July 09:00, step 2 Thu 9 July, step 3 Mon 20 July, step 4 Mon 27 July.
    const report = await importInvoicesCsv(
      ctx,
      'studio',
      csv(['C-2,ap@two.test,Two AB,1000,SEK,2026-05-29,2026-06-29,en']),
    );
    const id = report.imported[0]!.id;
    const got = (await walkLadder(ctx, clock, [id], '2026-08-31T00:00:00Z')).get(id)!;
    expect(got.map((s) => local(s.at))).toEqual([
      'Thu 2 Jul 09:00',
      'Thu 9 Jul 09:00',
      'Mon 20 Jul 09:00',
      'Mon 27 Jul 09:00',
    ]);
  });

  it('after an outage the next unsent step goes out once — never a burst, never a skip', async () => {
    const report = await importInvoicesCsv(
      ctx,
      'studio',
      csv(['C-9,ap@nine.test,Nine AB,1000,SEK,2026-05-29,2026-06-29,en']),
    );
    const id = report.imported[0]!.id;
    clock.set('2026-07-02T07:00:00Z'); // step 1's day
    const one = await runReminderStep(ctx, { invoiceId: id, step: 1 });
    if (one.kind !== 'drafted') throw new Error('expected step 1');
    await markSent(ctx, one.draft.id);
    // The service is down from then until Monday 10 August, past every later step's day.
    clock.set('2026-08-10T08:00:00Z');
    const outcomes = await Promise.all(
      [4, 3, 2, 1, 2, 3, 4].map((step) => runReminderStep(ctx, { invoiceId: id, step })),
    );
    const drafted = outcomes.filter((o) => o.kind === 'drafted' && o.created);
    expect(drafted.map((o) => o.kind === 'drafted' && o.draft.step)).toEqual([2]);
    // …and the ladder goes on from there at its gaps.
    const rest = (await walkLadder(ctx, clock, [id], '2026-10-01T00:00:00Z')).get(id)!;
    expect(rest.map((s) => `${s.step} ${local(s.at)}`)).toEqual([
      '2 Mon 10 Aug 10:00',
      '3 Fri 21 Aug 10:00',
      '4 Fri 28 Aug 10:00',
    ]);
  });
});
