import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import { approveAs } from '../../src/drafts/service.ts';
import { moveDraft } from '../../src/drafts/transitions.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { testConfig } from '../harness/config.ts';
import { testContext } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { messageRecord, triageResult } from '../harness/records.ts';

// Kept for test/integration/reminders-api.test.ts, which imports it from here; it lives in the harness.
export { invoiceBody } from '../harness/records.ts';

/** An AppContext on real Redis with a hand-moved clock, Swedish holidays plus two closed days. */
export async function reminderContext(
  prefix: string,
  opts: { inbox?: Record<string, unknown>; at?: string } = {},
): Promise<{ ctx: AppContext; clock: ManualClock; close(): Promise<void> }> {
  const config = testConfig({
    prefix,
    user: newMailUser('rem'),
    inbox: { holidays: { country: 'SE', closed: ['2026-12-24', '2026-12-31'] }, ...opts.inbox },
  });
  const clock = new ManualClock(new Date(opts.at ?? '2026-05-01T08:00:00Z'));
  const ctx = testContext(config, { clock });
  return { ctx, clock, close: () => ctx.close() };
}

/** A client's calm English reply, triaged, arriving on Friday 5 June 2026 in office hours. */
export function clientMessage(
  over: Omit<Partial<MessageRecord>, 'triage'> & { triage?: Partial<TriageResult> },
): MessageRecord {
  const { triage, ...rest } = over;
  const arrived = '2026-06-05T08:00:00Z';
  return messageRecord({
    id: `rec-${Math.random().toString(16).slice(2)}`,
    messageId: `<${Math.random().toString(16).slice(2)}@client.test>`,
    dedupeKey: 'x',
    from: { address: 'ap@client.test', name: 'Client AB' },
    to: [],
    returnPath: 'ap@client.test',
    subject: 'Re: Faktura 2026-014',
    internalDate: arrived,
    text: 'Hej!',
    ...rest,
    triage: triageResult({
      angerScore: 0,
      receivedAt: arrived,
      localTime: '2026-06-05T10:00:00',
      nextOpening: '2026-06-05T10:00:00+02:00',
      ...triage,
    }),
  });
}

/**
 * What the send worker does to a reminder that goes out (minus SMTP): scheduled → sending → sent at `at`.
 * Approves it first as `lead` when it is still pending.
 */
export async function markSent(ctx: AppContext, draftId: string, at?: string): Promise<DraftRecord> {
  const drafts = ctx.stores.drafts;
  let d = (await drafts.get(draftId))!;
  if (d.status === 'pending') d = (await approveAs(ctx, draftId, 'lead@agency.test')).draft;
  await moveDraft(drafts, draftId, 'startSending', { actor: 'tactful' });
  const sent = await moveDraft(drafts, draftId, 'sent', {
    actor: 'tactful',
    patch: { sentAt: at ?? d.sendAt ?? ctx.clock.now().toISOString() },
  });
  if (!sent.ok) throw new Error(`draft ${draftId} could not be marked sent`);
  return sent.draft;
}

export interface Sent {
  step: number;
  at: string;
  draftId: string;
}

/**
 * Walks the ladder of some invoices through time as the service would, event by event: every step job runs
 * at each moment something can happen (a job's wake-up, a reminder's send time); a scheduled reminder counts
 * as sent at its sendAt; a reminder waiting for a lead (the final step) is approved at once. Returns what
 * each invoice's client received, in order.
 */
export async function walkLadder(
  ctx: AppContext,
  clock: ManualClock,
  invoiceIds: string[],
  until: string,
): Promise<Map<string, Sent[]>> {
  const received = new Map<string, Sent[]>(invoiceIds.map((id) => [id, []]));
  for (let round = 0; round < 200; round++) {
    const now = clock.now().getTime();
    const next: number[] = [];
    for (const invoiceId of invoiceIds) {
      for (const step of [1, 2, 3, 4]) {
        const o = await runReminderStep(ctx, { invoiceId, step });
        if (o.kind === 'wait') next.push(o.until.getTime());
      }
      const inv = (await ctx.stores.invoices.get(invoiceId))!;
      for (const r of inv.reminders) {
        const d = r.draftId ? await ctx.stores.drafts.get(r.draftId) : null;
        if (!d) continue;
        const approved = d.status === 'pending' ? (await approveAs(ctx, d.id, 'lead@agency.test')).draft : d;
        if (approved.status !== 'scheduled') continue;
        const at = Date.parse(approved.sendAt!);
        if (at <= now) {
          await markSent(ctx, d.id, approved.sendAt!);
          received.get(invoiceId)!.push({ step: r.step, at: approved.sendAt!, draftId: d.id });
          next.push(now);
        } else next.push(at);
      }
    }
    const soonest = Math.min(...next.filter((t) => t >= now));
    if (!Number.isFinite(soonest) || soonest > Date.parse(until)) break;
    clock.set(new Date(Math.max(soonest, now)));
  }
  return received;
}
