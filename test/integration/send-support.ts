import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import type { Config } from '../../src/config/schema.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { recordId } from '../../src/model/ids.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { testConfig } from '../harness/config.ts';
import { testContext } from '../harness/context.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { withMailbox } from '../harness/mailbox.ts';
import { messageRecord } from '../harness/records.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';

// Kept for test/integration/drafts-api.test.ts, which imports them from here; they live in the harness.
export { triageResult as triageOf } from '../harness/records.ts';
export { waitUntil } from '../harness/wait.ts';

/** Shared set-up of the send tests: a mail user on the test Dovecot, an SMTP sink, a context on real Redis. */
export interface SendEnv {
  prefix: string;
  user: MailUser;
  sink: SmtpSink;
  config: Config;
  ctx: AppContext;
  clock: ManualClock;
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
  return {
    prefix,
    user,
    sink: s,
    config,
    ctx,
    clock,
    async close() {
      await ctx.close();
      if (!sink) await s.close();
      await wipePrefix(prefix);
    },
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
  const { uid, uidValidity } = await withMailbox(env.user, async (c) => {
    const appended = await c.append('INBOX', raw);
    if (!appended || !appended.uid) throw new Error('append failed');
    const status = await c.status('INBOX', { uidValidity: true });
    return { uid: appended.uid, uidValidity: String(status && status.uidValidity) };
  });
  const store = env.ctx.stores.messages;
  const id = recordId('studio', o.messageId);
  const record = messageRecord({
    id,
    uid,
    uidValidity,
    messageId: o.messageId,
    from,
    to: [{ address: env.user.address, name: '' }],
    replyTo: o.replyTo ? [{ address: o.replyTo, name: '' }] : [],
    returnPath: o.returnPath ?? null,
    subject,
    internalDate: triage.receivedAt,
    inReplyTo: o.inReplyTo ?? null,
    references: o.references ?? [],
    size: raw.length,
  });
  await store.putIfAbsent(record);
  await store.setTriageOnce(id, triage);
  return (await store.get(id))!;
}

/** Seeds a client's message (seedMessage) and runs the draft job on it, as the pipeline would. */
export async function draftReply(
  env: SendEnv,
  o: Original,
  triage: TriageResult,
): Promise<{ record: MessageRecord; draftId: string }> {
  const record = await seedMessage(env, o, triage);
  const made = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: record.id });
  if (!('draftId' in made)) throw new Error(`no draft for ${o.messageId}: ${JSON.stringify(made)}`);
  return { record, draftId: made.draftId };
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
