import { Redis } from 'ioredis';
import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import { createLogger } from '../../src/log.ts';
import { keyspace } from '../../src/queue/connection.ts';
import { createQueues } from '../../src/queue/queues.ts';
import type { MessageRecord } from '../../src/store/message-record.ts';
import type { TriageResult } from '../../src/triage/result.ts';
import { newMailUser, redisUrl, testConfig } from '../harness/context.ts';

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
  const redis = new Redis(redisUrl());
  const queues = createQueues(redis, prefix);
  const clock = new ManualClock(new Date(opts.at ?? '2026-05-01T08:00:00Z'));
  const ctx: AppContext = {
    config,
    redis,
    keys: keyspace(prefix),
    queues,
    log: createLogger({ level: 'silent' }),
    clock,
  };
  return {
    ctx,
    clock,
    async close() {
      await queues.close();
      await redis.quit();
    },
  };
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
