import type { Keyspace } from './keyspace.ts';
import type { InboxOfIndex } from './inbox-of.ts';
import type { RedisClient } from './redis-client.ts';
import { LuaScript } from './lua-script.ts';
import {
  commitmentRecord,
  type CommitmentRecord,
  type CommitmentStatus,
} from '../model/commitment-record.ts';

/**
 * Commitments in Redis. The only code that knows their keys, all in the inbox's hash slot (one script changes a
 * record and its indexes):
 *   {<inbox>}:commitment:<id>                 JSON record
 *   {<inbox>}:commitments                     sorted set of ids by openedAt (the report, listings)
 *   {<inbox>}:commitments:<status>            sorted set of ids per status by dueAt (due soon, overdue, digest)
 *   {<inbox>}:commitments-client:<address>    sorted set of ids by openedAt (the client record)
 *   inbox-of:commitment:<id>                  the commitment's inbox (inbox-of.ts), to find it by id alone
 * Ids are derived from the opening message (`c_<recordId>`), so creating is SET NX. Every change is a
 * compare-and-set of the whole JSON in one script that also moves the id between the status sets and re-scores
 * it by dueAt, so the record and its indexes never disagree.
 */

// KEYS: record, all, status set, client set. ARGV: JSON, id, openedAt ms, dueAt ms.
const CREATE = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
return false`);

// KEYS: record, old status set, new status set. ARGV: expected JSON, new JSON, id, new dueAt ms.
const CAS = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
return 1`);

const parse = (raw: string) => commitmentRecord.parse(JSON.parse(raw));
const ms = (iso: string) => Date.parse(iso);

export class CommitmentStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly inboxOf: InboxOfIndex,
  ) {}

  private async recordKey(id: string): Promise<string | null> {
    const inbox = await this.inboxOf.of('commitment', id);
    return inbox === null ? null : this.keys.inbox(inbox, 'commitment', id);
  }

  /** Stores it unless a commitment with its id exists; returns whichever is stored. */
  async createIfAbsent(c: CommitmentRecord): Promise<{ commitment: CommitmentRecord; created: boolean }> {
    const record = commitmentRecord.parse(c);
    await this.inboxOf.record('commitment', record.id, record.inbox);
    const existing = (await CREATE.run(
      this.redis,
      [
        this.keys.inbox(record.inbox, 'commitment', record.id),
        this.keys.inbox(record.inbox, 'commitments'),
        this.keys.inbox(record.inbox, 'commitments', record.status),
        this.keys.inbox(record.inbox, 'commitments-client', record.client.address.toLowerCase()),
      ],
      [JSON.stringify(record), record.id, ms(record.openedAt), ms(record.dueAt)],
    )) as string | null;
    return existing ? { commitment: parse(existing), created: false } : { commitment: record, created: true };
  }

  async get(id: string): Promise<CommitmentRecord | null> {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
    const key = await this.recordKey(id);
    const raw = key === null ? null : await this.redis.get(key);
    return raw ? parse(raw) : null;
  }

  /**
   * Changes a commitment: `change` sees the current record and returns the new one, or null for "no change"
   * (e.g. it is no longer open). Retried when another writer won the compare-and-set. Returns the stored record
   * and whether this call changed it.
   */
  async update(
    id: string,
    change: (c: CommitmentRecord) => CommitmentRecord | null,
  ): Promise<{ commitment: CommitmentRecord | null; changed: boolean }> {
    const key = await this.recordKey(id);
    if (key === null) return { commitment: null, changed: false };
    for (let attempt = 0; attempt < 50; attempt++) {
      const raw = await this.redis.get(key);
      if (!raw) return { commitment: null, changed: false };
      const current = parse(raw);
      const proposed = change(current);
      if (!proposed) return { commitment: current, changed: false };
      const next = commitmentRecord.parse(proposed);
      const ok = await CAS.run(
        this.redis,
        [
          key,
          this.keys.inbox(current.inbox, 'commitments', current.status),
          this.keys.inbox(current.inbox, 'commitments', next.status),
        ],
        [raw, JSON.stringify(next), id, ms(next.dueAt)],
      );
      if (Number(ok) === 1) return { commitment: next, changed: true };
    }
    throw new Error(`commitment ${id}: too many concurrent updates`);
  }

  /** Commitments of the inboxes in these statuses with dueAt in [from, to] (ms; defaults: all), soonest first. */
  async byDue(
    inboxes: string[],
    statuses: readonly CommitmentStatus[],
    range: { from?: number; to?: number; limit?: number } = {},
  ): Promise<CommitmentRecord[]> {
    const list: CommitmentRecord[] = [];
    // Per inbox: each inbox's sets and records share its slot (inboxes may be on different cluster nodes).
    for (const inbox of inboxes) {
      const ids: string[] = [];
      for (const s of statuses)
        ids.push(
          ...(await this.redis.zrangebyscore(
            this.keys.inbox(inbox, 'commitments', s),
            range.from === undefined ? '-inf' : String(range.from),
            range.to === undefined ? '+inf' : String(range.to),
            'LIMIT',
            0,
            range.limit ?? 1000,
          )),
        );
      list.push(...(await this.load(inbox, ids)));
    }
    return list.sort((a, b) => ms(a.dueAt) - ms(b.dueAt) || a.id.localeCompare(b.id));
  }

  /** Commitments of an inbox opened in [from, to] (ms), oldest first: what a report covers. */
  async openedBetween(inbox: string, from: number, to: number): Promise<CommitmentRecord[]> {
    return this.load(
      inbox,
      await this.redis.zrangebyscore(this.keys.inbox(inbox, 'commitments'), String(from), String(to)),
    );
  }

  /** A client's commitments in an inbox, oldest first. */
  async byClient(inbox: string, address: string): Promise<CommitmentRecord[]> {
    return this.load(
      inbox,
      await this.redis.zrange(this.keys.inbox(inbox, 'commitments-client', address.toLowerCase()), '0', '-1'),
    );
  }

  /** Records of one inbox by id (one slot: one MGET). */
  private async load(inbox: string, ids: string[]): Promise<CommitmentRecord[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.inbox(inbox, 'commitment', id)));
    return raws.filter((r): r is string => r !== null).map(parse);
  }
}
