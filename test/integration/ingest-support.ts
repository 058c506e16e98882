import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { AppContext } from '../../src/context.ts';
import { createLogger } from '../../src/log.ts';
import { createContext } from '../../src/create-context.ts';
import { bullPrefix, keyspace } from '../../src/store/keyspace.ts';
import { QUEUES } from '../../src/queue/names.ts';
import { InboxStatusStore } from '../../src/store/inbox-status.ts';
import { MessageStore } from '../../src/store/messages.ts';
import { startRoles, type Role, type Service } from '../../src/workers/run.ts';

/** Shared pieces of the ingest integration tests (not a test file itself). */

export interface ImapTarget {
  host: string;
  port: number;
  user: string;
  pass: string;
}

/** A raw (YAML-shaped) config for one inbox; `parseConfig` validates it, `writeConfig` saves it for a child. */
export function rawConfig(opts: {
  prefix: string;
  redisUrl: string;
  imap: ImapTarget;
  imapExtra?: Record<string, unknown>;
  ingest?: Record<string, unknown>;
  webPort?: number;
}): Record<string, unknown> {
  return {
    redis: { url: opts.redisUrl, prefix: opts.prefix },
    agency: { name: 'Northlight Studio' },
    inboxes: [
      {
        id: 'studio',
        address: opts.imap.user,
        timezone: 'Europe/Stockholm',
        imap: {
          host: opts.imap.host,
          port: opts.imap.port,
          secure: false,
          user: opts.imap.user,
          pass: opts.imap.pass,
          startFrom: 'all',
          ...opts.imapExtra,
        },
      },
    ],
    web: { host: '127.0.0.1', port: opts.webPort ?? 0 },
    api: { tokens: [{ name: 'test', token: 'test-token-0123456789' }] },
    ingest: { pollSeconds: 5, leaseSeconds: 3, ...opts.ingest },
    log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
  };
}

export function writeConfig(raw: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tactful-ingest-'));
  const file = join(dir, 'tactful.yaml');
  writeFileSync(file, stringify(raw));
  return file;
}

/** The service in this process, with the chosen roles. */
export async function startInProcess(
  config: Config,
  roles: Role[] = ['web', 'poller', 'worker'],
): Promise<{ ctx: AppContext; service: Service; stop(): Promise<void> }> {
  const ctx = createContext(config, { log: createLogger({ level: config.log.level }) });
  const service = await startRoles(ctx, roles);
  return {
    ctx,
    service,
    async stop() {
      await service.close();
      await ctx.close();
    },
  };
}

export function parse(raw: Record<string, unknown>): Config {
  return parseConfig(raw, {});
}

/** `node bin/tactful.js serve --config FILE` as a child process. */
export function spawnServe(configFile: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['bin/tactful.js', 'serve', '--config', configFile], {
    cwd: process.cwd(),
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  const done = exited(child);
  child.kill(signal);
  return done;
}

/** Waits for a condition, checking every `everyMs`; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  what: string,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A realistic ~4 KB plain-text message with a unique Message-ID. */
export function sampleMessage(i: number, opts: { messageId?: string | null; subject?: string } = {}): string {
  const id =
    opts.messageId === undefined ? `<m${i}-${randomBytes(6).toString('hex')}@client.test>` : opts.messageId;
  const para =
    'Thanks for the latest round of designs. The team looked at the homepage mock-ups and we have a few ' +
    'notes on spacing, the hero image and the colour of the call-to-action buttons before the review. ';
  const body = Array.from({ length: 18 }, (_, k) => `${k + 1}. ${para}`).join('\r\n\r\n');
  return [
    'From: Ada Client <ada@client.test>',
    'To: Studio <studio@agency.test>',
    `Subject: ${opts.subject ?? `Project update ${i}`}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0100',
    ...(id ? [`Message-ID: ${id}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** One APPEND; a transient NO (a loaded test server) is retried, and a final one says what the server said. */
async function appendOnce(c: ImapFlow, mailbox: string, m: string | Buffer) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await c.append(mailbox, m);
    } catch (err) {
      const e = err as Error & { responseText?: string };
      if (attempt >= 3 || !c.usable)
        throw new Error(`APPEND failed: ${e.message} ${e.responseText ?? ''}`, { cause: err });
    }
  }
}

/** APPENDs messages (pipelined: imapflow queues the commands on one connection). */
export async function appendAll(
  t: ImapTarget,
  messages: Array<string | Buffer>,
  mailbox = 'INBOX',
  opts: { tolerateRefusals?: boolean } = {},
): Promise<number> {
  const c = new ImapFlow({
    host: t.host,
    port: t.port,
    secure: false,
    auth: { user: t.user, pass: t.pass },
    logger: false,
  });
  await c.connect().catch((err: Error & { responseText?: string }) => {
    throw new Error(`IMAP login for APPEND failed: ${err.message} ${err.responseText ?? ''}`, { cause: err });
  });
  let accepted = 0;
  try {
    for (let i = 0; i < messages.length; i += 200) {
      await Promise.all(
        messages.slice(i, i + 200).map((m) =>
          appendOnce(c, mailbox, m).then(
            (res) => {
              if (res) accepted++;
              else if (!opts.tolerateRefusals) throw new Error('APPEND refused');
            },
            (err: unknown) => {
              if (!opts.tolerateRefusals) throw err;
            },
          ),
        ),
      );
    }
    return accepted;
  } finally {
    await c.logout();
  }
}

/** Records of the inbox (all of them), for duplicate checks. */
export async function allRecords(redisUrl: string, prefix: string, inbox = 'studio') {
  const r = new Redis(redisUrl);
  try {
    const store = new MessageStore(r, keyspace(prefix));
    return await store.list(inbox, 100_000);
  } finally {
    await r.quit();
  }
}

export async function recordCount(redisUrl: string, prefix: string, inbox = 'studio'): Promise<number> {
  const r = new Redis(redisUrl);
  try {
    return await new MessageStore(r, keyspace(prefix)).count(inbox);
  } finally {
    await r.quit();
  }
}

/** Job counts of the ingest queue (wait, active, delayed, failed, completed). */
export async function ingestQueueCounts(redisUrl: string, prefix: string) {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const q = new Queue(QUEUES.ingest, { connection: r, prefix: bullPrefix(prefix) });
  try {
    return await q.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  } finally {
    await q.close();
    await r.quit();
  }
}

/** True once the ingest queue has nothing waiting, running or delayed. */
export async function ingestDrained(redisUrl: string, prefix: string): Promise<boolean> {
  const c = await ingestQueueCounts(redisUrl, prefix);
  return (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
}

/** The poller status a service publishes for the inbox (holder = host:pid). */
export async function inboxStatusOf(redisUrl: string, prefix: string, inbox = 'studio') {
  const r = new Redis(redisUrl);
  try {
    return (await new InboxStatusStore(r, keyspace(prefix)).read([inbox]))[inbox] ?? null;
  } finally {
    await r.quit();
  }
}

/** Every record id and Message-ID is unique, and there are `expected` of them. */
export async function expectExactlyOnce(redisUrl: string, prefix: string, expected: number): Promise<void> {
  const recs = await allRecords(redisUrl, prefix);
  const ids = new Set(recs.map((r) => r.id));
  const mids = new Set(recs.map((r) => r.messageId));
  if (recs.length !== expected || ids.size !== expected || mids.size !== expected) {
    throw new Error(
      `expected ${expected} unique records, got ${recs.length} (${ids.size} ids, ${mids.size} Message-IDs)`,
    );
  }
}
