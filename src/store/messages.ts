import type { Redis } from 'ioredis';
import type { Keyspace } from '../queue/connection.ts';
import { messageRecord, type MessageRecord } from './message-record.ts';
import type { TriageResult } from '../triage/result.ts';
import { createHash } from 'node:crypto';

/**
 * Message records in Redis. The only code that knows their keys:
 *   msg:<id>          JSON record
 *   msgs:<inbox>      sorted set of ids by arrival time (newest first listing)
 * A record is written with SET NX, so one message yields exactly one record however often it is ingested.
 */
export class MessageStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  /** Stable record id for a message of an inbox: same inbox + same dedupe key → same id. */
  static recordId(inbox: string, dedupeKey: string): string {
    return createHash('sha256').update(`${inbox}\0${dedupeKey}`).digest('hex').slice(0, 24);
  }

  /** Stores the record unless one with its id exists. Returns true when this call created it. */
  async putIfAbsent(record: MessageRecord): Promise<boolean> {
    const created = await this.redis.set(this.keys('msg', record.id), JSON.stringify(record), 'NX');
    if (created !== 'OK') return false;
    await this.redis.zadd(
      this.keys('msgs', record.inbox),
      Date.parse(record.internalDate) || Date.now(),
      record.id,
    );
    return true;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(this.keys('msg', id))) === 1;
  }

  async get(id: string): Promise<MessageRecord | null> {
    const raw = await this.redis.get(this.keys('msg', id));
    return raw ? messageRecord.parse(JSON.parse(raw)) : null;
  }

  /** Newest first. */
  async list(inbox: string, limit: number): Promise<MessageRecord[]> {
    const ids = await this.redis.zrevrange(this.keys('msgs', inbox), 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys('msg', id)));
    return raws.filter((r): r is string => r !== null).map((r) => messageRecord.parse(JSON.parse(r)));
  }

  async count(inbox: string): Promise<number> {
    return this.redis.zcard(this.keys('msgs', inbox));
  }

  /**
   * Stores the triage result unless the record already has one (a retried job), atomically with WATCH/MULTI,
   * so a crash can never leave a message claimed but untriaged. Returns true when this call stored it.
   */
  async setTriageOnce(id: string, triage: TriageResult): Promise<boolean> {
    const key = this.keys('msg', id);
    for (let attempt = 0; attempt < 20; attempt++) {
      await this.redis.watch(key);
      const raw = await this.redis.get(key);
      if (!raw) {
        await this.redis.unwatch();
        return false;
      }
      const rec = JSON.parse(raw) as MessageRecord;
      if (rec.triage) {
        await this.redis.unwatch();
        return false;
      }
      rec.triage = triage;
      const res = await this.redis.multi().set(key, JSON.stringify(rec)).exec();
      if (res) return true; // null: the record changed under us; look again
    }
    throw new Error(`record ${id} kept changing while storing its triage`);
  }
}
