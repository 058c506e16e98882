import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { bullPrefix, keyspace } from '../../src/store/keyspace.ts';
import { createStores } from '../../src/store/stores.ts';
import { systemClock } from '../../src/clock.ts';
import { QUEUES } from '../../src/queue/names.ts';
import { InboxStatusStore } from '../../src/store/inbox-status.ts';
import { testConfigInput, writeConfigFile } from '../harness/config.ts';
import { newMailUser, type MailServer, type MailUser } from '../harness/mail-user.ts';
import { kill, spawnTactful } from '../harness/processes.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';

/** What the ingest integration tests share beyond the harness (not a test file itself). */

export interface IngestConfigOptions {
  prefix: string;
  user: MailUser;
  /** Merged into the inbox's imap settings (mailbox, startFrom…). */
  imap?: Record<string, unknown>;
  /** Merged into `ingest`; the default here polls every 5 s and leases for 3 s, so take-overs are quick. */
  ingest?: Record<string, unknown>;
}

function ingestInput(opts: IngestConfigOptions): Record<string, unknown> {
  return testConfigInput({
    prefix: opts.prefix,
    user: opts.user,
    inbox: { imap: opts.imap },
    extra: { ingest: { pollSeconds: 5, leaseSeconds: 3, ...opts.ingest } },
  });
}

/** One inbox on the user's mailbox, validated, for a service in this process. */
export function ingestConfig(opts: IngestConfigOptions): Config {
  return parseConfig(ingestInput(opts), {});
}

/** `tactful serve --config FILE` on the same config, as a child process that can be killed. */
export function serveProcess(opts: IngestConfigOptions): () => ChildProcess {
  const file = writeConfigFile(ingestInput(opts));
  return () => {
    const child = spawnTactful(['serve', '--config', file], { env: { ...process.env, REDIS_URL: '' } });
    child.stdout!.resume();
    child.stderr!.resume();
    return child;
  };
}

/**
 * Inboxes served by `tactful serve` child processes, for the tests that kill them: each `add()` gets its own
 * key prefix and mail user (on `server()`, default the shared Dovecot); `cleanUp()` kills what still runs and
 * wipes the keys.
 */
export function servedInboxes(server?: () => MailServer) {
  const prefixes: string[] = [];
  const children: ChildProcess[] = [];
  return {
    add(label: string, opts: Omit<IngestConfigOptions, 'prefix' | 'user'> = {}) {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      const user = newMailUser(label, server?.());
      const spawn = serveProcess({ prefix, user, ...opts });
      const serve = () => {
        const child = spawn();
        children.push(child);
        return child;
      };
      return { prefix, user, serve };
    },
    async cleanUp() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) await kill(c);
      await Promise.all(prefixes.map((p) => wipePrefix(p)));
    },
  };
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

/** `n` sample messages numbered from `from`. */
export const sampleMessages = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => sampleMessage(from + i));

/** Runs `fn` on a fresh Redis connection (a child process's records are read from outside it). */
async function withRedis<T>(redisUrl: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    return await fn(r);
  } finally {
    await r.quit();
  }
}

const messagesOf = (r: Redis, prefix: string) => createStores(r, prefix, { clock: systemClock }).messages;

/** Records of the inbox (all of them), for duplicate checks. */
export function allRecords(redisUrl: string, prefix: string, inbox = 'studio') {
  return withRedis(redisUrl, (r) => messagesOf(r, prefix).list(inbox, 100_000));
}

export function recordCount(redisUrl: string, prefix: string, inbox = 'studio'): Promise<number> {
  return withRedis(redisUrl, (r) => messagesOf(r, prefix).count(inbox));
}

/** Job counts of the ingest queue (wait, active, delayed, failed, completed). */
export function ingestQueueCounts(redisUrl: string, prefix: string) {
  return withRedis(redisUrl, async (r) => {
    const q = new Queue(QUEUES.ingest, { connection: r, prefix: bullPrefix(prefix, QUEUES.ingest) });
    try {
      return await q.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    } finally {
      await q.close();
    }
  });
}

/** True once the ingest queue has nothing waiting, running or delayed. */
export async function ingestDrained(redisUrl: string, prefix: string): Promise<boolean> {
  const c = await ingestQueueCounts(redisUrl, prefix);
  return (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
}

/** The poller status a service publishes for the inbox (holder = host:pid). */
export function inboxStatusOf(redisUrl: string, prefix: string, inbox = 'studio') {
  return withRedis(
    redisUrl,
    async (r) => (await new InboxStatusStore(r, keyspace(prefix)).read([inbox]))[inbox] ?? null,
  );
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
