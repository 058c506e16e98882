import { ImapFlow } from 'imapflow';

import { inject } from 'vitest';

import { ManualClock } from '../../src/clock.ts';

import type { AppContext } from '../../src/context.ts';

import type { Config } from '../../src/config/schema.ts';

import type { MessageRecord } from '../../src/model/message-record.ts';

import type { TriageResult } from '../../src/model/triage-result.ts';

import {
  newMailUser,
  testConfig,
  testContext,
  uniquePrefix,
  wipePrefix,
  type MailUser,
} from '../harness/context.ts';

import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';

import { recordId } from '../../src/model/ids.ts';

/** Shared set-up of the send tests: a mail user on the test Dovecot, an SMTP sink, a context on real Redis. */
export interface SendEnv {
  prefix: string;
  user: MailUser;
  sink: SmtpSink;
  config: Config;
  ctx: AppContext;
  clock: ManualClock;
  imap(): Promise<ImapFlow>;
  close(): Promise<void>;
}

/** Monday 23 November 2026, 10:00 in Stockholm: the office is open. */
export const OPEN_MONDAY = '2026-11-23T09:00:00Z';

export async function sendEnv(
  label: string,
  inbox: Record<string, unknown> = {},
  sink?: SmtpSink,
): Promise<SendEnv> {
  const prefix = uniquePrefix(label);
  const user = newMailUser(label);
  const s = sink ?? (await startSmtpSink());
  const config = testConfig({
    prefix,
    user,
    inbox: {
      smtp: { host: s.host, port: s.port, secure: false },
      signature: { name: 'Maja Lind' },
      ...inbox,
    },
  });
  const clock = new ManualClock(new Date(OPEN_MONDAY));
  const ctx = testContext(config, { clock });
  const imap = () => imapLogin(user);
  return {
    prefix,
    user,
    sink: s,
    config,
    ctx,
    clock,
    imap,
    async close() {
      await ctx.close();
      if (!sink) await s.close();
      await wipePrefix(prefix);
    },
  };
}

/**
 * An IMAP login for a test user. Dovecot re-reads the shared passwd-file when it changes; a user added in the
 * same instant as another test file's user can be unknown for a moment, so a refused login is retried until a
 * deadline (waiting for a condition, not sleeping a fixed time).
 */
export async function imapLogin(user: MailUser, timeoutMs = 10_000): Promise<ImapFlow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = new ImapFlow({
      host: inject('imapHost'),
      port: inject('imapPort'),
      secure: false,
      auth: { user: user.user, pass: user.pass },
      logger: false,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return c;
    } catch (err) {
      const e = err as { authenticationFailed?: boolean; responseText?: string };
      const refused = e.authenticationFailed || /authentication failed/i.test(e.responseText ?? '');
      if (!refused || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export function triageOf(over: Partial<TriageResult> = {}): TriageResult {
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

export interface Original {
  messageId: string;
  from?: { address: string; name: string };
  replyTo?: string;
  returnPath?: string;
  subject?: string;
  references?: string[];
  inReplyTo?: string;
}

/**
 * Puts a client's message into the inbox's INBOX on Dovecot (so \Answered can be checked) and stores its
 * record and triage result in Redis, as ingest and triage would.
 */
export async function seedMessage(env: SendEnv, o: Original, triage: TriageResult): Promise<MessageRecord> {
  const from = o.from ?? { address: 'anna@client.test', name: 'Anna Berg' };
  const subject = o.subject ?? 'Launch banner';
  const raw = [
    o.returnPath ? `Return-Path: <${o.returnPath}>` : null,
    `From: "${from.name}" <${from.address}>`,
    `To: ${env.user.address}`,
    o.replyTo ? `Reply-To: ${o.replyTo}` : null,
    `Subject: ${subject}`,
    `Message-ID: ${o.messageId}`,
    o.inReplyTo ? `In-Reply-To: ${o.inReplyTo}` : null,
    o.references?.length ? `References: ${o.references.join(' ')}` : null,
    'Date: Fri, 20 Nov 2026 23:00:00 +0100',
    '',
    'Hello, where is the banner?',
    '',
  ]
    .filter((l) => l !== null)
    .join('\r\n');
  const c = await env.imap();
  const appended = await c.append('INBOX', raw);
  const status = await c.status('INBOX', { uidValidity: true });
  await c.logout();
  if (!appended || !appended.uid) throw new Error('append failed');
  const store = env.ctx.stores.messages;
  const id = recordId('studio', o.messageId);
  const record: MessageRecord = {
    id,
    inbox: 'studio',
    uid: appended.uid,
    uidValidity: String(status && status.uidValidity),
    messageId: o.messageId,
    dedupeKey: o.messageId,
    from,
    to: [{ address: env.user.address, name: '' }],
    cc: [],
    replyTo: o.replyTo ? [{ address: o.replyTo, name: '' }] : [],
    returnPath: o.returnPath ?? null,
    subject,
    date: null,
    internalDate: triage.receivedAt,
    inReplyTo: o.inReplyTo ?? null,
    references: o.references ?? [],
    autoHeaders: {},
    text: 'Hello, where is the banner?',
    html: null,
    attachments: [],
    size: raw.length,
    error: null,
    ingestedAt: triage.receivedAt,
    triage: null,
  };
  await store.putIfAbsent(record);
  await store.setTriageOnce(id, triage);
  return (await store.get(id))!;
}

/** Polls a condition (a Redis or IMAP read) until it holds; never a fixed sleep. */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline)
      throw new Error(
        `condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(v)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The header section of a raw message as [name, value] pairs, unfolded, in order. */
export function headerList(raw: Buffer | string): Array<[string, string]> {
  const text = raw.toString('utf8');
  const head = text.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return head.split(/\r?\n/).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()] as [string, string];
  });
}

export const header = (raw: Buffer | string, name: string) =>
  headerList(raw)
    .filter(([n]) => n === name.toLowerCase())
    .map(([, v]) => v);
