import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import { newTextOf } from '../triage/triage.ts';
import { changeInvoiceStatus } from './actions.ts';
import { extractPromisedDate } from './promised-date.ts';

/**
 * A client's promise to pay by a date holds the ladder until that date plus `reminders.promiseGraceDays`
 * (money takes a day or two to arrive; a reminder the morning after the promised day reads as distrust). The
 * next step then thanks them for the promise instead of asking for a date again (draft-content.ts). A promise
 * without a date holds the ladder until a lead acts, like any other reply.
 */

/** The promised date in what the client just wrote, read in their calendar; null when they named none. */
export function promisedDateOf(
  inbox: InboxConfig,
  inv: InvoiceRecord,
  rec: MessageRecord & { triage: TriageResult },
): string | null {
  if (rec.triage.payment !== 'promise') return null;
  return extractPromisedDate(newTextOf(rec), {
    arrivedAt: new Date(rec.triage.receivedAt),
    timezone: inv.client.timezone ?? inbox.timezone,
    ignore: [inv.number],
  });
}

/** The last day of the hold: the promised day plus the grace days, as a local calendar date. */
export function pauseUntilFor(promised: string, graceDays: number): string {
  return DateTime.fromISO(promised, { zone: 'UTC' }).plus({ days: graceDays }).toISODate()!;
}

/**
 * A person's open-ended pause is theirs to lift: a promise that arrives meanwhile is recorded, not turned into a
 * date on which the ladder resumes by itself. Tactful's own holds (an earlier reply, a rejected reminder) and
 * dated pauses may be replaced.
 */
function heldByPerson(inv: InvoiceRecord): boolean {
  if (inv.status !== 'paused' || inv.pausedUntil) return false;
  const pause = [...inv.history].reverse().find((h) => h.action === 'pause');
  return pause !== undefined && pause.actor !== 'tactful';
}

/** Holds the ladder until the promised date plus grace, with the promise stored on the invoice. */
export async function applyPromise(
  ctx: AppContext,
  inbox: InboxConfig,
  inv: InvoiceRecord,
  rec: MessageRecord & { triage: TriageResult },
  promised: string,
  marker: string,
): Promise<'paused-until' | 'noted'> {
  const promise = { date: promised, madeAt: rec.triage.receivedAt, recordId: rec.id };
  const until = pauseUntilFor(promised, inbox.reminders.promiseGraceDays);
  if (heldByPerson(inv)) {
    const at = ctx.clock.now().toISOString();
    await ctx.stores.invoices.update(inv.id, (r) => ({
      ...r,
      promise,
      history: [
        ...r.history,
        {
          at,
          actor: 'tactful',
          action: 'promise-noted',
          detail: `${marker}: the client promised to pay on ${promised}; still paused until a lead resumes`,
        },
      ],
    }));
    return 'noted';
  }
  await changeInvoiceStatus(ctx, inv.id, 'pause', 'tactful', {
    until,
    promise,
    detail: `${marker}: the client promised to pay on ${promised}; reminders wait until ${until}`,
  });
  return 'paused-until';
}
