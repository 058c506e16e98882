import { ManualClock } from '../../src/clock.ts';

import type { AppContext } from '../../src/context.ts';

import type { MessageRecord } from '../../src/model/message-record.ts';

import type { TriageResult } from '../../src/model/triage-result.ts';

import { newMailUser, testConfig, testContext } from '../harness/context.ts';

/** An AppContext on real Redis with a hand-moved clock; `close()` releases everything it opened. */
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

/** A valid invoice body for `createInvoice` / `POST /api/invoices`. */
export function invoiceBody(number: string, over: Record<string, unknown> = {}) {
  return {
    number,
    client: { email: 'ap@client.test', name: 'Client AB', language: 'sv' },
    amount: 12500,
    currency: 'SEK',
    issuedAt: '2026-05-01',
    dueDate: '2026-06-01',
    ...over,
  };
}

const baseTriage: TriageResult = {
  language: 'en',
  angry: false,
  angerScore: 0,
  cues: [],
  afterHours: false,
  receivedAt: '2026-06-05T08:00:00Z',
  localTime: '2026-06-05T10:00:00',
  nextOpening: '2026-06-05T10:00:00+02:00',
  autoReply: { allowed: true },
  payment: 'none',
  invoice: null,
  categories: [],
};

/** A triaged inbound message as the pipeline would hand it to onClientMessage. */
export function clientMessage(
  over: Omit<Partial<MessageRecord>, 'triage'> & { triage?: Partial<TriageResult> },
): MessageRecord {
  const { triage, ...rest } = over;
  return {
    id: `rec-${Math.random().toString(16).slice(2)}`,
    inbox: 'studio',
    uid: 1,
    uidValidity: '1',
    messageId: `<${Math.random().toString(16).slice(2)}@client.test>`,
    dedupeKey: 'x',
    from: { address: 'ap@client.test', name: 'Client AB' },
    to: [],
    cc: [],
    replyTo: [],
    returnPath: 'ap@client.test',
    subject: 'Re: Faktura 2026-014',
    date: null,
    internalDate: '2026-06-05T08:00:00Z',
    inReplyTo: null,
    references: [],
    autoHeaders: {},
    text: 'Hej!',
    html: null,
    attachments: [],
    size: 100,
    error: null,
    ingestedAt: '2026-06-05T08:00:00Z',
    ...rest,
    triage: { ...baseTriage, ...triage },
  };
}
