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

export async function startWeb(
  prefix: string,
  opts: { web?: Record<string, unknown>; logLines?: string[] } = {},
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
    language: 'en',
    angry,
    angerScore: angry ? (o.priority ?? 0.8) : 0.05,
    cues: angry ? ['unacceptable', 'ALL CAPS'] : [],
    afterHours: kind.includes('after-hours'),
    receivedAt,
    localTime: DateTime.fromISO(receivedAt).setZone('Europe/Stockholm').toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    nextOpening: '2026-11-24T09:00:00+01:00',
    autoReply: { allowed: true },
    payment: 'none',
    invoice: null,
    categories: o.categories ?? (angry ? ['angry', 'after-hours'] : ['after-hours']),
  };
  await f.messages.setTriageOnce(id, triage);
  return { ...record, triage };
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
