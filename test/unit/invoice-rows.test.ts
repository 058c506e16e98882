import { describe, expect, it } from 'vitest';
import { invoiceRow as row, sortRows, type Upcoming } from '../../src/web/pages/invoice-rows.ts';
import type { InvoiceRecord, InvoiceStatus } from '../../src/model/invoice-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import { offlineConfig } from '../harness/config.ts';
import { invoiceRecord } from '../harness/records.ts';

const inbox = offlineConfig().inboxes[0]!;

/** Due Monday 1 June 2026: ladder 3/10/21/28 → Thu 4 Jun, Thu 11 Jun, Mon 22 Jun, Mon 29 Jun 09:00. */
const invoice = (over: Partial<InvoiceRecord> = {}): InvoiceRecord =>
  invoiceRecord({
    number: 'NS-1',
    history: [{ at: '2026-05-01T08:00:00Z', actor: 'import', action: 'created' }],
    ...over,
  });
const at = (iso: string) => new Date(iso);
/** A row with no next reminder known (what the ladder says is its own test's business). */
const invoiceRow = (
  i: typeof inbox,
  inv: InvoiceRecord,
  d: DraftRecord | null,
  now: Date,
  upcoming: Upcoming = null,
) => row(i, inv, d, now, upcoming);

describe('an invoice row on the invoices page', () => {
  it('counts overdue days in the client’s zone, not the server’s', () => {
    // 23:30 UTC on 1 Jun is already 2 Jun in Stockholm (1 day overdue) but still 1 Jun in New York.
    const now = at('2026-06-01T23:30:00Z');
    expect(invoiceRow(inbox, invoice(), null, now).daysOverdue).toBe(1);
    const ny = invoice({ client: { email: 'a@b.test', name: 'NY', timezone: 'America/New_York' } });
    expect(invoiceRow(inbox, ny, null, now).daysOverdue).toBe(0);
    expect(invoiceRow(inbox, invoice({ dueDate: '2026-06-10' }), null, now).daysOverdue).toBe(-8);
  });

  it('formats the amount in the client’s language, else the inbox’s', () => {
    const now = at('2026-06-01T10:00:00Z');
    expect(invoiceRow(inbox, invoice(), null, now).amount).toBe('SEK\u00a012,500.00');
    const sv = invoice({ client: { email: 'a@b.se', name: 'Kund', language: 'sv' } });
    expect(invoiceRow(inbox, sv, null, now).amount).toBe('12\u00a0500,00\u00a0kr');
  });

  it('names the next step the ladder gives (src/reminders upcomingStep) and when', () => {
    const upcoming = (step: number, iso: string, drafted = false) => ({ step, at: at(iso), drafted });
    const now = at('2026-06-02T10:00:00Z');
    expect(invoiceRow(inbox, invoice(), null, now, upcoming(1, '2026-06-04T07:00:00Z')).nextStep).toBe(
      'Step 1 · Thu 4 Jun, 09:00',
    );
    // Long overdue and never reminded: the gentle step 1, due now (issue 12: never a later step first).
    const late = at('2026-06-23T10:00:00Z');
    expect(invoiceRow(inbox, invoice(), null, late, upcoming(1, '2026-06-23T10:00:00Z')).nextStep).toBe(
      'Step 1 · due now',
    );
    expect(invoiceRow(inbox, invoice(), null, late, upcoming(2, '2026-06-24T07:00:00Z', true)).nextStep).toBe(
      'Step 2 · Wed 24 Jun, 09:00',
    );
    const done = invoice({
      reminders: [1, 2, 3, 4].map((step) => ({
        step,
        state: 'drafted' as const,
        at: '2026-06-29T07:00:00Z',
        draftId: `d${step}`,
        outgoingMessageId: null,
        sendAt: '2026-06-29T07:00:00Z',
      })),
    });
    expect(invoiceRow(inbox, done, null, at('2026-07-01T10:00:00Z')).nextStep).toBe('ladder finished');
    expect(invoiceRow(inbox, invoice({ reminders: done.reminders.slice(0, 1) }), null, late).nextStep).toBe(
      'waiting for a lead',
    );
  });

  it('says what became of the last reminder draft', () => {
    const inv = invoice({
      reminders: [
        {
          step: 1,
          state: 'drafted',
          at: '2026-06-04T07:00:00Z',
          draftId: 'd1',
          outgoingMessageId: null,
          sendAt: null,
        },
        {
          step: 2,
          state: 'drafted',
          at: '2026-06-11T07:00:00Z',
          draftId: 'd2',
          outgoingMessageId: null,
          sendAt: null,
        },
      ],
    });
    const draft = { id: 'd2', status: 'sent', sentAt: '2026-06-11T07:00:05Z' } as DraftRecord;
    const row = invoiceRow(inbox, inv, draft, at('2026-06-12T10:00:00Z'));
    expect(row.lastStep).toBe('Step 2 · sent Thu 11 Jun');
    const pending = { ...draft, status: 'pending' } as DraftRecord;
    expect(invoiceRow(inbox, inv, pending, at('2026-06-12T10:00:00Z')).lastStep).toBe(
      'Step 2 · awaiting approval',
    );
    expect(invoiceRow(inbox, invoice(), null, at('2026-06-12T10:00:00Z')).lastStep).toBeNull();
  });

  it('offers only the buttons the service accepts from the status, and holds the ladder when paused', () => {
    const now = at('2026-06-12T10:00:00Z');
    const row = (status: InvoiceStatus, over: Partial<InvoiceRecord> = {}) =>
      invoiceRow(inbox, invoice({ status, ...over }), null, now);
    expect(row('open').actions).toEqual(['paid', 'dispute', 'pause']);
    expect(row('paused').actions).toEqual(['paid', 'dispute', 'pause', 'resume']);
    expect(row('disputed').actions).toEqual(['paid', 'pause', 'resume']);
    expect(row('paid').actions).toEqual([]);
    expect(row('paused', { pausedUntil: '2026-07-01' }).nextStep).toBe('paused until 2026-07-01');
    expect(row('disputed').nextStep).toBe('on hold');
    expect(row('paid').nextStep).toBe('—');
  });

  it('sorts open, paused and disputed before paid and cancelled, most overdue first', () => {
    const now = at('2026-06-12T10:00:00Z');
    const rows = [
      invoice({ number: 'A', status: 'paid', dueDate: '2026-01-01' }),
      invoice({ number: 'B', status: 'open', dueDate: '2026-06-05' }),
      invoice({ number: 'C', status: 'disputed', dueDate: '2026-05-01' }),
      invoice({ number: 'D', status: 'cancelled', dueDate: '2026-06-01' }),
      invoice({ number: 'E', status: 'paused', dueDate: '2026-05-20' }),
    ].map((i) => invoiceRow(inbox, i, null, now));
    expect(sortRows(rows).map((r) => r.inv.number)).toEqual(['C', 'E', 'B', 'A', 'D']);
  });
});
