import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import type { Config } from '../../src/config/schema.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { recordId } from '../../src/model/ids.ts';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { testConfig, testConfigInput } from '../harness/config.ts';
import { testContext } from '../harness/context.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { withMailbox } from '../harness/mailbox.ts';
import { messageRecord, triageResult } from '../harness/records.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';

/**
 * Shared set-up of the commitments tests: a mailbox on the test Dovecot (INBOX and Sent), an SMTP sink for the
 * leads' alerts and digests, an optional chat webhook that counts what it is sent, a context on real Redis with
 * a ManualClock, and three people: two leads of `studio` (Lea, Max) and an admin (Ada).
 */
export interface CommitmentsEnv {
  prefix: string;
  user: MailUser;
  sink: SmtpSink;
  webhook: Webhook | null;
  config: Config;
  /** The config as written, for a worker in a child process. */
  input: Record<string, unknown>;
  ctx: AppContext;
  clock: ManualClock;
  close(): Promise<void>;
}

export const LEADS = [
  { email: 'lea@agency.test', name: 'Lea Nord', role: 'lead', inboxes: ['studio'], passwordHash: 'x' },
  { email: 'max@agency.test', name: 'Max Berg', role: 'lead', inboxes: ['studio'], passwordHash: 'x' },
  { email: 'ada@agency.test', name: 'Ada Admin', role: 'admin', inboxes: [], passwordHash: 'x' },
];

export async function commitmentsEnv(
  label: string,
  opts: {
    now: string;
    inbox?: Record<string, unknown>;
    webhook?: boolean;
    users?: unknown[];
    extra?: Record<string, unknown>;
  },
): Promise<CommitmentsEnv> {
  const prefix = uniquePrefix(label);
  const user = newMailUser(label);
  const sink = await startSmtpSink();
  const webhook = opts.webhook ? await startWebhook() : null;
  const inbox = {
    smtp: { host: sink.host, port: sink.port, secure: false },
    signature: { name: 'Maja Lind' },
    holidays: { country: 'SE' },
    ...(webhook ? { commitments: { webhookUrl: webhook.url } } : {}),
    ...opts.inbox,
  };
  const extra = { users: opts.users ?? LEADS, ingest: { pollSeconds: 1, leaseSeconds: 5 }, ...opts.extra };
  const input = testConfigInput({ prefix, user, inbox, extra });
  const config = testConfig({ prefix, user, inbox, extra });
  const clock = new ManualClock(new Date(opts.now));
  const ctx = testContext(config, { clock });
  return {
    prefix,
    user,
    sink,
    webhook,
    config,
    input,
    ctx,
    clock,
    async close() {
      await ctx.close();
      await sink.close();
      await webhook?.close();
      await wipePrefix(prefix);
    },
  };
}

export interface ClientMail {
  messageId: string;
  at: string;
  from?: { address: string; name: string };
  subject?: string;
  text?: string;
  inReplyTo?: string;
  references?: string[];
  /** `urgent` is set by the tone model's triage (optional in older results). */
  triage?: Partial<TriageResult> & { urgent?: boolean };
}

/**
 * A client's message as ingest and triage leave it: in the INBOX on Dovecot (arrival `at`), its record and
 * triage result in Redis; then the one line the triage job runs for commitments (ctx.conversation).
 */
export async function clientWrites(env: CommitmentsEnv, m: ClientMail): Promise<MessageRecord> {
  const from = m.from ?? { address: 'anna@client.test', name: 'Anna Berg' };
  const subject = m.subject ?? 'Launch banner';
  const text = m.text ?? 'Hello, where is the banner for the launch?';
  const raw = [
    `From: "${from.name}" <${from.address}>`,
    `To: ${env.user.address}`,
    `Subject: ${subject}`,
    `Message-ID: ${m.messageId}`,
    m.inReplyTo ? `In-Reply-To: ${m.inReplyTo}` : null,
    m.references?.length ? `References: ${m.references.join(' ')}` : null,
    `Date: ${new Date(m.at).toUTCString()}`,
    '',
    text,
    '',
  ]
    .filter((l) => l !== null)
    .join('\r\n');
  const { uid, uidValidity } = await withMailbox(env.user, async (c) => {
    const appended = await c.append('INBOX', raw, [], new Date(m.at));
    const status = await c.status('INBOX', { uidValidity: true });
    return { uid: appended ? appended.uid : 0, uidValidity: String(status && status.uidValidity) };
  });
  const id = recordId('studio', m.messageId);
  const record = messageRecord({
    id,
    uid,
    uidValidity,
    messageId: m.messageId,
    from,
    to: [{ address: env.user.address, name: '' }],
    subject,
    text,
    date: new Date(m.at).toISOString(),
    internalDate: new Date(m.at).toISOString(),
    inReplyTo: m.inReplyTo ?? null,
    references: m.references ?? [],
  });
  await env.ctx.stores.messages.putIfAbsent(record);
  await env.ctx.stores.messages.setTriageOnce(
    id,
    triageResult({ receivedAt: record.internalDate, ...m.triage }),
  );
  const stored = (await env.ctx.stores.messages.get(id))!;
  await env.ctx.conversation.messageTriaged(env.ctx, stored);
  return stored;
}

/** The agency's answer as a mail client files it: APPENDed to Sent with its own Date header. */
export async function fileInSent(
  env: CommitmentsEnv,
  m: {
    messageId: string;
    inReplyTo: string;
    references?: string[];
    at: string;
    text: string;
    to?: string;
    subject?: string;
  },
): Promise<void> {
  const raw = [
    `From: Maja Lind <${env.user.address}>`,
    `To: ${m.to ?? 'anna@client.test'}`,
    `Subject: ${m.subject ?? 'Re: Launch banner'}`,
    `Message-ID: ${m.messageId}`,
    `In-Reply-To: ${m.inReplyTo}`,
    `References: ${(m.references ?? [m.inReplyTo]).join(' ')}`,
    `Date: ${new Date(m.at).toUTCString()}`,
    '',
    m.text,
    '',
  ].join('\r\n');
  await withMailbox(env.user, (c) => c.append('Sent', raw, ['\\Seen'], new Date(m.at)));
}

/** A chat webhook on loopback (what Slack or Teams would be): counts the `{"text"}` posts it gets. */
export interface Webhook {
  url: string;
  readonly posts: Array<{ text: string }>;
  /** Answer the next `n` posts with HTTP 500. */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const posts: Array<{ text: string }> = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('no');
        return;
      }
      posts.push(JSON.parse(body) as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    failNext: (n) => (failures += n),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The subjects of the notices the sink got, per recipient (headers unfolded, RFC 5322 §2.2.3). */
export const noticesTo = (sink: SmtpSink, to: string) =>
  sink.deliveries
    .filter((d) => d.to.includes(to))
    .map((d) => {
      const head = d.raw
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0]!
        .replace(/\r?\n(?=[ \t])/g, '');
      return /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
    });
