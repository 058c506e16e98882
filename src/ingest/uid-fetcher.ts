import type { ImapFlow, MessageAddressObject } from 'imapflow';
import type { InboxConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Address } from '../model/message-record.ts';
import type { EnvelopeLite } from '../mail/parse.ts';
import { createImapClient, openReadOnly, type ImapClientOptions } from '../mail/imap-client.ts';
import { chunks, uidSet } from './sync-plan.ts';

export type FetchOutcome =
  | { kind: 'ok'; source: Buffer; size: number; internalDate: Date }
  | { kind: 'too_large'; size: number; internalDate: Date; envelope: EnvelopeLite }
  /** Expunged before the worker got to it: nothing to ingest. */
  | { kind: 'gone' }
  /** The job's UIDVALIDITY is no longer the mailbox's: its UIDs name other messages now (the poller re-syncs). */
  | { kind: 'stale' };

interface Request {
  uidValidity: string;
  uid: number;
  resolve(o: FetchOutcome): void;
  reject(e: Error): void;
}

/** Most UIDs per FETCH, and most source bytes held in memory per FETCH. */
const MAX_BATCH = 200;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/**
 * The first FETCH of a batch asks for size, arrival and the first PREFIX_BYTES of each source at once: a message
 * no longer than that (most mail) arrives whole in one command, instead of a size probe and a second FETCH. Longer
 * ones are fetched whole after it (or not at all over the size limit: of those only this prefix is read).
 * 200 × 64 KB stays under MAX_BATCH_BYTES.
 */
const PREFIX_BYTES = 64 * 1024;
// No read-ahead of UIDs beyond the requested ones: with N worker processes taking jobs from one queue in
// turn, each process's read-ahead mostly covers UIDs another process's jobs claim, so every message was
// fetched up to N times (bench: 1.69 → 1.47 ms CPU per message with 2 processes once removed). The batching
// of concurrent requests below already gives one FETCH per ~concurrency jobs.

/**
 * Fetches message sources by UID over one IMAP connection per inbox per worker process. Requests from jobs
 * running at the same time are coalesced into one UID FETCH (a DataLoader-style batch): while one FETCH is in
 * flight, the next requests queue up and go out together. Sizes come with the first 64 KB of each source (all of
 * most mail, so one FETCH per batch); of a source over the limit nothing more is downloaded. The mailbox is opened read-only and fetched with BODY.PEEK[], so \Seen is never set.
 */
export class UidFetcher {
  private client: ImapFlow | null = null;
  private connecting: Promise<ImapFlow> | null = null;
  private queue: Request[] = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly inbox: InboxConfig,
    private readonly log: Logger,
    private readonly maxBytes: number,
    /** Timeouts of the connection (src/ingest/timeouts.ts: the config's `ingest` section). */
    private readonly imap: ImapClientOptions = {},
  ) {}

  get(uidValidity: string, uid: number): Promise<FetchOutcome> {
    if (this.closed) return Promise.reject(new Error('fetcher closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ uidValidity, uid, resolve, reject });
      if (!this.running) setImmediate(() => void this.drain());
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    if (c) await Promise.race([c.logout().catch(() => c.close()), new Promise((r) => setTimeout(r, 2000))]);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.fetchBatch(batch);
        } catch (err) {
          // The connection is suspect after any failure: drop it; the jobs fail and BullMQ retries them.
          this.log.warn({ err: (err as Error).message, uids: batch.length }, 'IMAP fetch failed');
          this.drop();
          for (const r of batch) r.reject(err as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async fetchBatch(batch: Request[]): Promise<void> {
    const c = await this.connection();
    let validity = c.mailbox ? c.mailbox.uidValidity.toString() : '';
    if (batch.some((r) => r.uidValidity !== validity)) {
      // Either old jobs (stale) or a mailbox re-created since this session selected it: select it again.
      validity = (await openReadOnly(c, this.inbox)).uidValidity.toString();
    }
    const current = batch.filter((r) => r.uidValidity === validity);
    for (const r of batch) if (r.uidValidity !== validity) r.resolve({ kind: 'stale' });
    if (!current.length) return;
    const uids = [...new Set(current.map((r) => r.uid))].sort((a, b) => a - b);
    const prefix = Math.min(this.maxBytes, PREFIX_BYTES);
    const firstQuery = {
      uid: true,
      size: true,
      internalDate: true,
      source: { start: 0, maxLength: prefix },
    } as const;
    const meta = await c.fetchAll(uidSet(uids), firstQuery, { uid: true });
    const seen = new Set(meta.map((m) => m.uid));
    const missing = uids.filter((u) => !seen.has(u));
    if (missing.length) {
      // This session's view of the mailbox may predate the message (the poller saw it on another
      // connection): a NOOP makes the server report new mail (RFC 3501 §6.1.2), then look again.
      await c.noop();
      meta.push(...(await c.fetchAll(uidSet(missing), firstQuery, { uid: true })));
    }
    const byUid = new Map(meta.map((m) => [m.uid, m]));
    const sources = new Map<number, Buffer>();
    for (const m of meta) {
      // The whole message came with the sizes (the prefix is all of it).
      if (m.source && m.size !== undefined && m.source.length === m.size && m.size <= this.maxBytes)
        sources.set(m.uid, m.source);
      m.source = undefined;
    }
    const small = meta.filter((m) => (m.size ?? 0) <= this.maxBytes && !sources.has(m.uid)).map((m) => m.uid);
    const large = meta.filter((m) => (m.size ?? 0) > this.maxBytes).map((m) => m.uid);

    for (const group of byBytes(small, (u) => byUid.get(u)?.size ?? 0)) {
      for (const m of await c.fetchAll(uidSet(group), { uid: true, source: true }, { uid: true })) {
        if (m.source) sources.set(m.uid, m.source);
      }
    }
    const envelopes = new Map<number, EnvelopeLite>();
    for (const group of chunks(large, MAX_BATCH)) {
      for (const m of await c.fetchAll(uidSet(group), { uid: true, envelope: true }, { uid: true })) {
        const e = m.envelope;
        envelopes.set(m.uid, {
          from: e?.from?.[0] ? addr(e.from[0]) : null,
          to: (e?.to ?? []).map(addr),
          cc: (e?.cc ?? []).map(addr),
          subject: e?.subject ?? '',
          date: e?.date ? new Date(e.date) : null,
          inReplyTo: e?.inReplyTo ?? null,
        });
      }
    }
    const outcomeOf = (uid: number): FetchOutcome => {
      const m = byUid.get(uid);
      if (!m) return { kind: 'gone' };
      const internalDate = m.internalDate ? new Date(m.internalDate) : new Date();
      const size = m.size ?? 0;
      const source = sources.get(uid);
      if (source) return { kind: 'ok', source, size, internalDate };
      if (size > this.maxBytes)
        return { kind: 'too_large', size, internalDate, envelope: envelopes.get(uid) ?? {} };
      return { kind: 'gone' };
    };
    for (const r of current) r.resolve(outcomeOf(r.uid));
  }

  private connection(): Promise<ImapFlow> {
    if (this.client?.usable) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const c = createImapClient(this.inbox.imap, this.log, this.imap);
      c.on('error', (err: Error) => this.log.warn({ err: err.message }, 'imap error (fetcher)'));
      c.once('close', () => {
        if (this.client === c) this.client = null;
      });
      await c.connect();
      await openReadOnly(c, this.inbox);
      this.client = c;
      return c;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private drop(): void {
    const c = this.client;
    this.client = null;
    c?.close();
  }
}

function addr(a: MessageAddressObject): Address {
  return { address: a.address ?? '', name: a.name ?? '' };
}

/** Groups UIDs so that each FETCH brings at most MAX_BATCH_BYTES of source (one big message alone is fine). */
function byBytes(uids: number[], size: (uid: number) => number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  let bytes = 0;
  for (const u of uids) {
    if (cur.length && bytes + size(u) > MAX_BATCH_BYTES) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(u);
    bytes += size(u);
  }
  if (cur.length) out.push(cur);
  return out;
}
