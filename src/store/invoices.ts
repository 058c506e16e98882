import type { Keyspace } from './keyspace.ts';
import type { InboxOfIndex } from './inbox-of.ts';
import { mgetAny, type RedisClient } from './redis-client.ts';
import { SafeError } from '../errors.ts';
import { invoiceRecord, type InvoiceRecord, type InvoiceStatus } from '../model/invoice-record.ts';
import { readPage, type Page } from './paging.ts';

/**
 * Invoice records in Redis. The only code that knows their keys; an invoice and its inbox's indexes share the
 * inbox's hash slot, so creating one is one script:
 *   {<inbox>}:inv:<id>             JSON record
 *   {<inbox>}:invs                 sorted set of ids by due date
 *   {<inbox>}:inv-num              hash invoice number → id (one invoice per number per inbox)
 *   {<inbox>}:inv-thread           hash Message-ID → id (the invoice email and every reminder sent)
 *   {<inbox>}:inv-client:<email>   set of ids of one client (lower-cased address)
 *   inbox-of:inv:<id>              the invoice's inbox (inbox-of.ts), to find it by id alone
 *   reminder-claim:<id>:<step>     "drafted"/"skipped": written once with SET NX, the guard against a second
 *                                  reminder for one step however often the scheduler or a worker runs
 *                                  (invoiceninja#553, #1693: duplicates came from trusting the cron cadence).
 *   reminder-claim:<id>:<step>:<n> the same for the n-th draft of a step whose earlier drafts never went out.
 * Every write is one Lua script or a compare-and-set, so shared connections need no WATCH.
 */

// Creates the record and its indexes only if the number is new in the inbox: all or nothing.
const CREATE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[2])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[5], ARGV[5], ARGV[2]) end
return 1`;

const CAS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

export type ClaimState = 'drafted' | 'skipped';

export class InvoiceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly inboxOf: InboxOfIndex,
  ) {}

  /** The record's key, or null for an id no invoice was ever stored under. */
  private async recordKey(id: string): Promise<string | null> {
    const inbox = await this.inboxOf.of('inv', id);
    return inbox === null ? null : this.keys.inbox(inbox, 'inv', id);
  }

  /** Stores a new invoice. Returns false (and stores nothing) when its number already exists in the inbox. */
  async create(rec: InvoiceRecord): Promise<boolean> {
    await this.inboxOf.record('inv', rec.id, rec.inbox);
    const created = await this.redis.eval(
      CREATE,
      5,
      this.keys.inbox(rec.inbox, 'inv-num'),
      this.keys.inbox(rec.inbox, 'inv', rec.id),
      this.keys.inbox(rec.inbox, 'invs'),
      this.keys.inbox(rec.inbox, 'inv-client', rec.client.email.toLowerCase()),
      this.keys.inbox(rec.inbox, 'inv-thread'),
      rec.number,
      rec.id,
      JSON.stringify(invoiceRecord.parse(rec)),
      String(Date.parse(`${rec.dueDate}T00:00:00Z`)),
      rec.threadMessageId ?? '',
    );
    return created === 1;
  }

  async get(id: string): Promise<InvoiceRecord | null> {
    const key = await this.recordKey(id);
    const raw = key === null ? null : await this.redis.get(key);
    return raw ? invoiceRecord.parse(JSON.parse(raw)) : null;
  }

  async require(id: string): Promise<InvoiceRecord> {
    const rec = await this.get(id);
    if (!rec) throw new SafeError('invoice_not_found', `no invoice ${id}`, 404);
    return rec;
  }

  async idByNumber(inbox: string, number: string): Promise<string | null> {
    return this.redis.hget(this.keys.inbox(inbox, 'inv-num'), number);
  }

  /** Invoices of an inbox by due date, optionally of one status. */
  async list(inbox: string, status?: InvoiceStatus): Promise<InvoiceRecord[]> {
    const ids = await this.redis.zrange(this.keys.inbox(inbox, 'invs'), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.inbox(inbox, 'inv', id)));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => invoiceRecord.parse(JSON.parse(r)))
      .filter((r) => !status || r.status === status);
  }

  /**
   * Invoices of the given inboxes by due date, soonest first (ties by id), optionally of some statuses only,
   * `limit` at a time from `cursor` (the `nextCursor` of the page before; src/store/paging.ts). Status has no
   * index of its own: the page reads on until it has `limit` invoices of the wanted statuses.
   */
  async page(q: {
    inboxes: string[];
    status?: InvoiceStatus[];
    limit: number;
    cursor?: string;
  }): Promise<Page<InvoiceRecord>> {
    return readPage(this.redis, {
      list: 'invoices',
      sources: q.inboxes.map((inbox) => ({ key: this.keys.inbox(inbox, 'invs'), inbox })),
      dir: 'asc',
      limit: q.limit,
      cursor: q.cursor,
      load: async (at) => {
        const raws = await mgetAny(
          this.redis,
          at.map((p) => this.keys.inbox(p.inbox, 'inv', p.id)),
        );
        return raws.map((r) => (r ? invoiceRecord.parse(JSON.parse(r)) : null));
      },
      keep: q.status?.length ? (r) => q.status!.includes(r.status) : undefined,
    });
  }

  /**
   * Read-modify-write with compare-and-set, retried on a concurrent change. `change` returns the new record,
   * or null to leave it as it is. Returns the record as stored afterwards.
   */
  async update(id: string, change: (rec: InvoiceRecord) => InvoiceRecord | null): Promise<InvoiceRecord> {
    const key = await this.recordKey(id);
    if (key === null) throw new SafeError('invoice_not_found', `no invoice ${id}`, 404);
    for (let attempt = 0; attempt < 50; attempt++) {
      const raw = await this.redis.get(key);
      if (!raw) throw new SafeError('invoice_not_found', `no invoice ${id}`, 404);
      const next = change(invoiceRecord.parse(JSON.parse(raw)));
      if (!next) return invoiceRecord.parse(JSON.parse(raw));
      const json = JSON.stringify(invoiceRecord.parse(next));
      if ((await this.redis.eval(CAS, 1, key, raw, json)) === 1) return next;
    }
    throw new SafeError('invoice_busy', `invoice ${id} is being changed by others; try again`, 409);
  }

  /** Remembers a Message-ID sent in (or known to belong to) the invoice's thread. */
  async indexThreadMessage(inbox: string, messageId: string, id: string): Promise<void> {
    await this.redis.hset(this.keys.inbox(inbox, 'inv-thread'), messageId, id);
  }

  /** The invoice whose thread contains one of these Message-IDs, if any. */
  async byThreadMessage(inbox: string, messageIds: string[]): Promise<string | null> {
    if (messageIds.length === 0) return null;
    const hits = await this.redis.hmget(this.keys.inbox(inbox, 'inv-thread'), ...messageIds);
    return hits.find((h): h is string => Boolean(h)) ?? null;
  }

  async byClient(inbox: string, email: string): Promise<string[]> {
    return this.redis.smembers(this.keys.inbox(inbox, 'inv-client', email.toLowerCase()));
  }

  /**
   * Claims one draft of a reminder step for good. True only for the single caller that claimed it first.
   * `attempt` > 1 is a step drafted again after its first draft never went out (a hold cancelled it).
   */
  async claimStep(id: string, step: number, state: ClaimState, attempt = 1): Promise<boolean> {
    const key =
      attempt > 1 ? this.keys('reminder-claim', id, step, attempt) : this.keys('reminder-claim', id, step);
    return (await this.redis.set(key, state, 'NX')) === 'OK';
  }

  /** Highest step already drafted or skipped (0 when none). */
  async highestClaimedStep(id: string): Promise<number> {
    // Each claim is a key of its own (any slot): read across slots.
    const states = await mgetAny(
      this.redis,
      [1, 2, 3, 4].map((s) => this.keys('reminder-claim', id, s)),
    );
    let highest = 0;
    states.forEach((s, i) => {
      if (s) highest = i + 1;
    });
    return highest;
  }
}
