import type { Redis } from 'ioredis';
import type { Keyspace } from './keyspace.ts';
import { messageRecord, type MessageRecord } from '../model/message-record.ts';
import type { TriageResult } from '../model/triage-result.ts';
import { readPage, type Page } from './paging.ts';

// SET NX and the listing's ZADD in one script (atomic).
const PUT_IF_ABSENT = `if redis.call('set', KEYS[1], ARGV[1], 'NX') then redis.call('zadd', KEYS[2], ARGV[2], ARGV[3]) return 1 end return 0`;

/**
 * Message records in Redis. The only code that knows their keys:
 *   msg:<id>          JSON record
 *   msg-triage:<id>   JSON triage result, written once
 *   msgs:<inbox>      sorted set of ids by arrival time (newest first listing)
 * A record is written with SET NX, so one message yields exactly one record however often it is ingested.
 */
export class MessageStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  /** Stores the record unless one with its id exists. Returns true when this call created it. */
  async putIfAbsent(record: MessageRecord): Promise<boolean> {
    // One script, so a crash can never leave a record that is missing from the inbox listing.
    const created = await this.redis.eval(
      PUT_IF_ABSENT,
      2,
      this.keys('msg', record.id),
      this.keys('msgs', record.inbox),
      JSON.stringify(record),
      String(Date.parse(record.internalDate) || Date.now()),
      record.id,
    );
    return Number(created) === 1;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(this.keys('msg', id))) === 1;
  }

  async get(id: string): Promise<MessageRecord | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  /** The records of these ids in the same order, null where one is missing. */
  private async getMany(ids: string[]): Promise<Array<MessageRecord | null>> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(
      ids.flatMap((id) => [this.keys('msg', id), this.keys('msg-triage', id)]),
    );
    return ids.map((_, i) => {
      const rec = raws[2 * i];
      if (!rec) return null;
      const triage = raws[2 * i + 1];
      return messageRecord.parse({ ...JSON.parse(rec), triage: triage ? JSON.parse(triage) : null });
    });
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
      keys: q.inboxes.map((inbox) => this.keys('msgs', inbox)),
      dir: 'desc',
      limit: q.limit,
      cursor: q.cursor,
      load: (ids) => this.getMany(ids),
    });
  }

  async count(inbox: string): Promise<number> {
    return this.redis.zcard(this.keys('msgs', inbox));
  }

  /**
   * Stores the triage result unless the message already has one (a retried job). The result lives in its own
   * key written with SET NX: atomic on any connection, and a crash leaves either no result or the whole one.
   * Returns true when this call stored it.
   */
  async setTriageOnce(id: string, triage: TriageResult): Promise<boolean> {
    return (await this.redis.set(this.keys('msg-triage', id), JSON.stringify(triage), 'NX')) === 'OK';
  }
}
