import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
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
