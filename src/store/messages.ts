import type { Keyspace } from './keyspace.ts';
import { messageRecord, type MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import type { InboxOfIndex } from './inbox-of.ts';
import type { RedisClient } from './redis-client.ts';
import { readPage, type Page, type SourcedPosition } from './paging.ts';
import { LuaScript } from './lua-script.ts';

// SET NX and the listing's ZADD in one script (atomic). KEYS: record, listing (one inbox slot).
const PUT_IF_ABSENT = new LuaScript(
  `if redis.call('set', KEYS[1], ARGV[1], 'NX') then redis.call('zadd', KEYS[2], ARGV[2], ARGV[3]) return 1 end return 0`,
);
// The same, and the triage result with it (SET NX, as setTriageOnce) when the record is new.
// KEYS: record, listing, triage result (one inbox slot).
const PUT_TRIAGED_IF_ABSENT = new LuaScript(
  `if redis.call('set', KEYS[1], ARGV[1], 'NX') then redis.call('zadd', KEYS[2], ARGV[2], ARGV[3]) redis.call('set', KEYS[3], ARGV[4], 'NX') return 1 end return 0`,
);

/**
 * Message records in Redis. The only code that knows their keys, all in the inbox's hash slot:
 *   {<inbox>}:msg:<id>          JSON record
 *   {<inbox>}:msg-triage:<id>   JSON triage result, written once
 *   {<inbox>}:msgs              sorted set of ids by arrival time (newest first listing)
 * and `inbox-of:msg:<id>` (inbox-of.ts) to find a record by id alone.
 * A record is written with SET NX, so one message yields exactly one record however often it is ingested.
 */
export class MessageStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly inboxOf: InboxOfIndex,
  ) {}

  /** Stores the record unless one with its id exists. Returns true when this call created it. */
  async putIfAbsent(record: MessageRecord): Promise<boolean> {
    await this.inboxOf.record('msg', record.id, record.inbox);
    // One script, so a crash can never leave a record that is missing from the inbox listing.
    const created = await PUT_IF_ABSENT.run(
      this.redis,
      [this.keys.inbox(record.inbox, 'msg', record.id), this.keys.inbox(record.inbox, 'msgs')],
      [JSON.stringify(record), String(Date.parse(record.internalDate) || Date.now()), record.id],
    );
    return Number(created) === 1;
  }

  /**
   * A new record and its triage result in one script (issue 15: one job ingests and triages): either both are
   * stored or neither, so a crash never leaves this record untriaged. Returns false, storing nothing, when a
   * record with its id exists (the caller then triages the stored record through `setTriageOnce` if needed).
   */
  async putTriagedIfAbsent(record: MessageRecord, triage: TriageResult): Promise<boolean> {
    await this.inboxOf.record('msg', record.id, record.inbox);
    const created = await PUT_TRIAGED_IF_ABSENT.run(
      this.redis,
      [
        this.keys.inbox(record.inbox, 'msg', record.id),
        this.keys.inbox(record.inbox, 'msgs'),
        this.keys.inbox(record.inbox, 'msg-triage', record.id),
      ],
      [
        JSON.stringify(record),
        String(Date.parse(record.internalDate) || Date.now()),
        record.id,
        JSON.stringify(triage),
      ],
    );
    return Number(created) === 1;
  }

  async exists(id: string): Promise<boolean> {
    const inbox = await this.inboxOf.of('msg', id);
    return inbox !== null && (await this.redis.exists(this.keys.inbox(inbox, 'msg', id))) === 1;
  }

  async get(id: string): Promise<MessageRecord | null> {
    const inbox = await this.inboxOf.of('msg', id);
    return inbox === null ? null : ((await this.getMany([{ id, inbox }]))[0] ?? null);
  }

  /** The records at these positions in the same order, null where one is missing. */
  private async getMany(
    at: Array<Pick<SourcedPosition, 'id' | 'inbox'>>,
  ): Promise<Array<MessageRecord | null>> {
    if (at.length === 0) return [];
    // A record and its triage result share the inbox's slot: one MGET per inbox.
    const byInbox = new Map<string, number[]>();
    at.forEach((p, i) => byInbox.set(p.inbox, [...(byInbox.get(p.inbox) ?? []), i]));
    const out = new Array<MessageRecord | null>(at.length).fill(null);
    await Promise.all(
      [...byInbox].map(async ([inbox, idx]) => {
        const raws = await this.redis.mget(
          idx.flatMap((i) => [
            this.keys.inbox(inbox, 'msg', at[i]!.id),
            this.keys.inbox(inbox, 'msg-triage', at[i]!.id),
          ]),
        );
        idx.forEach((i, j) => {
          const rec = raws[2 * j];
          if (!rec) return;
          const triage = raws[2 * j + 1];
          out[i] = messageRecord.parse({ ...JSON.parse(rec), triage: triage ? JSON.parse(triage) : null });
        });
      }),
    );
    return out;
  }

  /** Newest first (by arrival), the first `limit` of one inbox. */
  async list(inbox: string, limit: number): Promise<MessageRecord[]> {
    return (await this.page({ inboxes: [inbox], limit })).items;
  }

  /**
   * Newest first across the given inboxes (merged by arrival, ties by id), `limit` at a time from `cursor`
   * (the `nextCursor` of the page before; src/store/paging.ts). Access control is the caller's.
   */
  async page(q: { inboxes: string[]; limit: number; cursor?: string }): Promise<Page<MessageRecord>> {
    return readPage(this.redis, {
      list: 'messages',
      sources: q.inboxes.map((inbox) => ({ key: this.keys.inbox(inbox, 'msgs'), inbox })),
      dir: 'desc',
      limit: q.limit,
      cursor: q.cursor,
      load: (at) => this.getMany(at),
    });
  }

  async count(inbox: string): Promise<number> {
    return this.redis.zcard(this.keys.inbox(inbox, 'msgs'));
  }

  /**
   * Stores the triage result unless the message already has one (a retried job). The result lives in its own
   * key written with SET NX: atomic on any connection, and a crash leaves either no result or the whole one.
   * Returns true when this call stored it.
   */
  async setTriageOnce(id: string, triage: TriageResult): Promise<boolean> {
    const inbox = await this.inboxOf.of('msg', id);
    if (inbox === null) throw new Error(`no message record ${id}`);
    return (
      (await this.redis.set(this.keys.inbox(inbox, 'msg-triage', id), JSON.stringify(triage), 'NX')) === 'OK'
    );
  }
}
