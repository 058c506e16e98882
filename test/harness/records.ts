import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';

/**
 * Records as the pipeline stores them, for tests that start in the middle of it. Each builder gives a valid,
 * unremarkable record; a test overrides only what its case is about.
 */

/** Calm English mail that arrived on Friday 20 November 2026, 23:00 in Stockholm (after hours). */
export function triageResult(over: Partial<TriageResult> = {}): TriageResult {
  return {
    language: 'en',
    angry: false,
    angerScore: 0.1,
    cues: [],
    afterHours: false,
    receivedAt: '2026-11-20T22:00:00.000Z',
    localTime: '2026-11-20T23:00:00',
    nextOpening: '2026-11-23T09:00:00+01:00',
    autoReply: { allowed: true },
    payment: 'none',
    invoice: null,
    categories: [],
    ...over,
  };
}

/**
 * A client's message to inbox `studio`, not yet triaged. `dedupeKey` follows `messageId` and `ingestedAt`
 * follows `internalDate` unless given.
 */
export function messageRecord(over: Partial<MessageRecord> = {}): MessageRecord {
  const messageId = over.messageId === undefined ? '<m1@client.test>' : over.messageId;
  const internalDate = over.internalDate ?? '2026-11-20T22:00:00.000Z';
  return {
    id: 'rec1',
    inbox: 'studio',
    uid: 1,
    uidValidity: '1',
    messageId,
    dedupeKey: messageId ?? 'sha256:0',
    from: { address: 'anna@client.test', name: 'Anna Berg' },
    to: [{ address: 'hello@northlight.test', name: '' }],
    cc: [],
    replyTo: [],
    returnPath: 'anna@client.test',
    subject: 'Launch banner',
    date: null,
    internalDate,
    inReplyTo: null,
    references: [],
    autoHeaders: {},
    text: 'Hello, where is the banner?',
    html: null,
    attachments: [],
    size: 100,
    error: null,
    ingestedAt: internalDate,
    triage: null,
    ...over,
  };
}

/** An open invoice of Client AB, 12,500 SEK, due Monday 1 June 2026, nothing sent yet. */
export function invoiceRecord(over: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id: 'inv1',
    inbox: 'studio',
    number: '2026-014',
    client: { email: 'ap@client.test', name: 'Client AB' },
    amount: 12500,
    currency: 'SEK',
    issuedAt: '2026-05-01',
    dueDate: '2026-06-01', // Mon; ladder 3/10/21/28 → Thu 4 Jun, Thu 11 Jun, Mon 22 Jun, Mon 29 Jun 09:00
    status: 'open',
    lastContactAt: null,
    reminders: [],
    createdAt: '2026-05-01T08:00:00Z',
    updatedAt: '2026-05-01T08:00:00Z',
    history: [],
    ...over,
  };
}

/** A valid invoice as a client of the service sends it (`POST /api/invoices`, `createInvoice`). */
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
