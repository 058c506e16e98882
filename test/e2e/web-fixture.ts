import { DateTime } from 'luxon';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/web/app.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import { createContext } from '../../src/create-context.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import type { DraftKind } from '../../src/model/draft-kinds.ts';
import { hashPassword } from '../../src/web/passwords.ts';
import { REDACT_PATHS } from '../../src/log.ts';
import { newMailUser, testConfig } from '../harness/context.ts';
import { recordId } from '../../src/model/ids.ts';
import { renderReply, replyRenderFor, type ReplyKind } from '../../src/drafts/reply-text.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import { commitmentIdFor, type CommitmentRecord } from '../../src/model/commitment-record.ts';

/**
 * A running web app for page tests: two inboxes (studio, other), three users, real Redis under the test's
 * prefix, a manual clock on Monday 23 Nov 2026 21:30 Stockholm time (after hours: replies go out Tuesday 09:00).
 */
export const NOW = '2026-11-23T20:30:00Z';
export const PASSWORD = 'correct horse battery staple';
export const USERS = {
  lead: 'lena@agency.test',
  otherLead: 'omar@agency.test',
  admin: 'ada@agency.test',
} as const;

export interface WebFixture {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  clock: ManualClock;
  drafts: AppContext['stores']['drafts'];
  messages: AppContext['stores']['messages'];
  close(): Promise<void>;
}

/** A second lead of `studio` (issue 13: two leads on one draft), added with `startWeb(…, { secondLead: true })`. */
export const SECOND_LEAD = { email: 'lea@agency.test', name: 'Lea Nord' } as const;

export async function startWeb(
  prefix: string,
  opts: { web?: Record<string, unknown>; logLines?: string[]; secondLead?: boolean } = {},
): Promise<WebFixture> {
  const user = newMailUser('web');
  const base = testConfig({ prefix, user });
  const hash = await hashPassword(PASSWORD);
  const config = parseConfig(
    {
      ...base,
      inboxes: [
        base.inboxes[0],
        { ...base.inboxes[0], id: 'other', address: 'other@agency.test', timezone: 'America/New_York' },
      ],
      web: { ...base.web, sessionSecret: 'a-test-session-secret-of-at-least-32-chars', ...opts.web },
      users: [
        { email: USERS.lead, name: 'Lena Lead', role: 'lead', inboxes: ['studio'], passwordHash: hash },
        { email: USERS.otherLead, name: 'Omar Other', role: 'lead', inboxes: ['other'], passwordHash: hash },
        { email: USERS.admin, name: 'Ada Admin', role: 'admin', inboxes: [], passwordHash: hash },
        ...(opts.secondLead
          ? [{ ...SECOND_LEAD, role: 'lead', inboxes: ['studio'], passwordHash: hash }]
          : []),
      ],
    },
    {},
  );
  const clock = new ManualClock(new Date(NOW));
  const ctx = createContext(config, {
    clock,
    // With logLines: every log line at debug level is captured, with the app's redaction rules.
    log: opts.logLines
      ? pino(
          { level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
          { write: (line: string) => void opts.logLines!.push(line) },
        )
      : pino({ level: 'silent' }),
  });
  const app = await buildApp(ctx, {
    readiness: async () => ({ ok: true, body: { studio: 'idle (connected)', other: 'idle (connected)' } }),
  });
  return {
    app,
    ctx,
    config,
    clock,
    drafts: ctx.stores.drafts,
    messages: ctx.stores.messages,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

let seq = 0;

export interface SeedOptions {
  inbox?: string;
  language?: string;
  payment?: TriageResult['payment'];
  /** Triage found it urgent (something down, money lost, a deadline close), with these cues. */
  urgent?: boolean;
  urgentCues?: string[];
  kind?: DraftKind;
  priority?: number;
  fromName?: string;
  from?: string;
  subject?: string;
  text?: string;
  html?: string | null;
  draftSubject?: string;
  body?: string;
  categories?: TriageResult['categories'];
  receivedAt?: string;
}

/** A stored, triaged message (written through the real store), as ingest and triage would leave it. */
export async function seedMessage(f: WebFixture, o: SeedOptions = {}): Promise<MessageRecord> {
  const inbox = o.inbox ?? 'studio';
  const n = ++seq;
  const id = recordId(inbox, `<m${n}-${Date.now()}@client.test>`);
  const kind = o.kind ?? 'after-hours';
  const angry = kind.startsWith('angry');
  const receivedAt = o.receivedAt ?? '2026-11-23T19:10:00Z';
  const record: MessageRecord = {
    id,
    inbox,
    uid: n,
    uidValidity: '1',
    messageId: `<m${n}@client.test>`,
    dedupeKey: `<m${n}@client.test>`,
    from: { address: o.from ?? `client${n}@client.test`, name: o.fromName ?? `Client ${n}` },
    to: [{ address: 'studio@agency.test', name: '' }],
    cc: [],
    replyTo: [],
    returnPath: o.from ?? `client${n}@client.test`,
    subject: o.subject ?? `Question ${n}`,
    date: receivedAt,
    internalDate: receivedAt,
    inReplyTo: null,
    references: [],
    autoHeaders: {},
    text: o.text ?? `Hello, a question about the project (${n}).`,
    html: o.html ?? null,
    attachments: [],
    size: 1000,
    error: null,
    ingestedAt: receivedAt,
    triage: null,
  };
  await f.messages.putIfAbsent(record);
  const triage: TriageResult = {
    language: o.language ?? 'en',
    angry,
    angerScore: angry ? (o.priority ?? 0.8) : 0.05,
    cues: angry ? ['unacceptable', 'ALL CAPS'] : [],
    afterHours: kind.includes('after-hours'),
    receivedAt,
    localTime: DateTime.fromISO(receivedAt).setZone('Europe/Stockholm').toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    nextOpening: '2026-11-24T09:00:00+01:00',
    autoReply: { allowed: true },
    payment: o.payment ?? 'none',
    invoice: null,
    ...(o.urgent ? { urgent: true, urgentCues: o.urgentCues ?? [] } : {}),
    categories: o.categories ?? (angry ? ['angry', 'after-hours'] : ['after-hours']),
  };
  await f.messages.setTriageOnce(id, triage);
  return { ...record, triage };
}

/**
 * A client message that waits for an answer, as the triage job leaves it: stored, triaged and told to the
 * commitments domain (which opens its reply-by clock), with a pending draft unless `draft: false`.
 */
export async function seedWaiting(
  f: WebFixture,
  o: SeedOptions & { draft?: boolean } = {},
): Promise<{ record: MessageRecord; draft: DraftRecord | null; commitment: CommitmentRecord }> {
  const draft = o.draft === false ? null : await seedDraft(f, o);
  const record = draft ? (await f.messages.get(draft.recordId!))! : await seedMessage(f, o);
  await f.ctx.conversation.messageTriaged(f.ctx, record);
  const commitment = await f.ctx.stores.commitments.get(commitmentIdFor(record.id));
  if (!commitment) throw new Error(`no commitment opened for ${record.subject}`);
  return { record, draft, commitment };
}

/** A stored, triaged message and its pending draft, written through the real stores. */
export async function seedDraft(f: WebFixture, o: SeedOptions = {}): Promise<DraftRecord> {
  const record = await seedMessage(f, o);
  const kind = o.kind ?? 'after-hours';
  return f.drafts.create({
    inbox: record.inbox,
    messageId: record.messageId,
    recordId: record.id,
    invoiceId: null,
    step: null,
    kind,
    language: 'en',
    to: record.from!.address,
    cc: [],
    subject: o.draftSubject ?? `Re: ${record.subject}`,
    body:
      o.body ?? 'Thank you for your message. We are back in the office tomorrow at 09:00.\n\nBest regards',
    inReplyTo: record.messageId,
    references: [record.messageId!],
    unattended: false,
    sendAt: null,
    promisedBy: null,
    priority: o.priority ?? (kind.startsWith('angry') ? 0.8 : 0),
  });
}

/**
 * A reply drafted the way the draft job makes one (issue 12): the text's fixed words kept in `render`, so it is
 * rendered again for the time it goes out; its body as rendered when it was drafted (`draftedAt`, default now),
 * or `staleBody` to stand for a text whose dates went out of date. Angry kinds promise an answer by
 * `promisedBy` (default Wednesday 25 Nov, 09:00 Stockholm).
 */
export async function seedReply(
  f: WebFixture,
  o: SeedOptions & { promisedBy?: string; staleBody?: string; draftedAt?: string } = {},
): Promise<DraftRecord> {
  const record = await seedMessage(f, o);
  const kind = (o.kind ?? 'after-hours') as ReplyKind;
  const inbox = f.config.inboxes.find((i) => i.id === record.inbox)!;
  const render = replyRenderFor({
    config: f.config,
    inbox,
    record,
    kind,
    language: o.language ?? 'en',
    newText: record.text,
    unattended: false,
    urgent: o.urgent === true,
  });
  const promisedBy = kind.startsWith('angry') ? (o.promisedBy ?? '2026-11-25T08:00:00.000Z') : null;
  const text = renderReply(f.config, inbox, render, promisedBy, new Date(o.draftedAt ?? f.clock.now()));
  return f.drafts.create({
    inbox: record.inbox,
    messageId: record.messageId,
    recordId: record.id,
    invoiceId: null,
    step: null,
    kind,
    language: o.language ?? 'en',
    to: record.from!.address,
    cc: [],
    subject: text.subject,
    body: o.staleBody ?? text.body,
    inReplyTo: record.messageId,
    references: [record.messageId!],
    unattended: false,
    sendAt: null,
    promisedBy,
    priority: o.priority ?? (kind.startsWith('angry') ? 0.8 : 0),
    render,
  });
}

export interface PaymentSeed {
  number: string;
  clientName?: string;
  email?: string;
  amount?: number;
  currency?: string;
  language?: 'en' | 'sv' | 'de' | 'fr' | 'it' | 'es';
  issuedAt?: string;
  dueDate?: string;
  /** Steps sent before, with when they went out. */
  sent?: { step: number; at: string }[];
  /** The pending draft's text (default: a one-line placeholder). */
  body?: string;
  /** The client's mail about the invoice (in its thread), with triage's payment kind. */
  clientMail?: {
    text: string;
    subject?: string;
    payment: TriageResult['payment'];
    receivedAt: string;
    fromName?: string;
  };
}

/** A pending payment-reminder draft of step `step`, with its invoice, the steps sent before and the client's mail. */
export async function seedPaymentReminder(
  f: WebFixture,
  step: number,
  o: PaymentSeed,
): Promise<{ invoice: InvoiceRecord; draft: DraftRecord; mail: MessageRecord | null }> {
  const invoice = await seedInvoice(f, o);
  const draft = await paymentDraft(f, invoice, 'payment-reminder', step, null, o.body);
  await f.ctx.stores.invoices.update(invoice.id, (r) => ({
    ...r,
    reminders: [...r.reminders, stepEntry(step, draft, f.clock.now().toISOString())],
  }));
  const mail = await seedClientMail(f, invoice, o);
  return { invoice: (await f.ctx.stores.invoices.get(invoice.id))!, draft, mail };
}

/** A client's mail about an invoice and the pending `payment-reply` draft a lead answers it with. */
export async function seedPaymentReply(
  f: WebFixture,
  o: PaymentSeed & { clientMail: NonNullable<PaymentSeed['clientMail']> },
): Promise<{ invoice: InvoiceRecord; draft: DraftRecord; mail: MessageRecord }> {
  const invoice = await seedInvoice(f, o);
  const mail = (await seedClientMail(f, invoice, o))!;
  const draft = await paymentDraft(f, invoice, 'payment-reply', null, mail, o.body);
  return { invoice, draft, mail };
}

async function seedInvoice(f: WebFixture, o: PaymentSeed): Promise<InvoiceRecord> {
  const invoice = await createInvoice(
    f.ctx,
    'studio',
    {
      number: o.number,
      client: {
        email: o.email ?? `ap-${o.number.toLowerCase()}@client.test`,
        name: o.clientName ?? 'Kund AB',
        language: o.language ?? 'en',
        timezone: 'Europe/Stockholm',
      },
      amount: o.amount ?? 12500,
      currency: o.currency ?? 'SEK',
      issuedAt: o.issuedAt ?? '2026-10-01',
      dueDate: o.dueDate ?? '2026-10-31',
      threadMessageId: `<inv-${o.number}@agency.test>`,
      subject: `Invoice ${o.number}`,
    },
    'test',
  );
  for (const s of o.sent ?? []) {
    const d = await paymentDraft(f, invoice, 'payment-reminder', s.step, null);
    await f.drafts.transition(d.id, {
      from: ['pending'],
      to: 'sent',
      actor: 'tactful',
      action: 'sent',
      patch: { sentAt: s.at, sendAt: s.at },
    });
    await f.ctx.stores.invoices.update(invoice.id, (r) => ({
      ...r,
      lastContactAt: s.at,
      reminders: [...r.reminders, stepEntry(s.step, d, s.at)],
    }));
  }
  return invoice;
}

const stepEntry = (step: number, d: DraftRecord, at: string) => ({
  step,
  state: 'drafted' as const,
  at,
  draftId: d.id,
  outgoingMessageId: d.outgoingMessageId,
  sendAt: d.sendAt,
});

async function seedClientMail(
  f: WebFixture,
  inv: InvoiceRecord,
  o: PaymentSeed,
): Promise<MessageRecord | null> {
  const c = o.clientMail;
  if (!c) return null;
  const mail = await seedMessage(f, {
    kind: 'after-hours',
    from: inv.client.email,
    fromName: c.fromName ?? inv.client.name,
    subject: c.subject ?? `Re: Invoice ${inv.number}`,
    text: c.text,
    receivedAt: c.receivedAt,
    payment: c.payment,
    categories: ['payment'],
  });
  await f.ctx.stores.invoices.update(inv.id, (r) => ({
    ...r,
    clientMessages: [
      ...(r.clientMessages ?? []),
      { recordId: mail.id, receivedAt: c.receivedAt, payment: c.payment, draftId: null },
    ],
  }));
  return mail;
}

function paymentDraft(
  f: WebFixture,
  inv: InvoiceRecord,
  kind: 'payment-reminder' | 'payment-reply',
  step: number | null,
  mail: MessageRecord | null,
  body?: string,
): Promise<DraftRecord> {
  const reminder = kind === 'payment-reminder';
  return f.drafts.create({
    inbox: inv.inbox,
    messageId: mail?.messageId ?? inv.threadMessageId ?? null,
    recordId: mail?.id ?? null,
    invoiceId: inv.id,
    step,
    kind,
    language: inv.client.language ?? 'en',
    to: inv.client.email,
    cc: [],
    subject: `Re: Invoice ${inv.number}`,
    body:
      body ??
      (reminder
        ? `Dear ${inv.client.name},\n\nA friendly reminder about invoice ${inv.number} (step ${step}).\n\nKind regards`
        : `Dear ${inv.client.name},\n\nThank you for letting us know about invoice ${inv.number}.\n\nKind regards`),
    inReplyTo: mail?.messageId ?? inv.threadMessageId ?? null,
    references: [],
    unattended: false,
    sendAt: reminder ? f.clock.now().toISOString() : null,
    promisedBy: null,
    priority: reminder ? (step ?? 0) : 5,
  });
}

/** Cookie header value from a set-cookie list (inject tests). */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

/** The hidden `_csrf` value of the first form on a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1]!;
}

/** Signs in through the real login form with app.inject; returns the session cookie. */
export async function injectLogin(app: FastifyInstance, email: string, password = PASSWORD) {
  const page = await app.inject({ method: 'GET', url: '/login' });
  let cookie = cookieFrom(page.headers['set-cookie']);
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password }).toString(),
  });
  if (res.headers['set-cookie']) cookie = cookieFrom(res.headers['set-cookie']);
  return { res, cookie };
}
