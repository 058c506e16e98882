import type { Keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';

/** The record kinds found by id alone (from a URL, a job, another record). */
export type RecordKind = 'msg' | 'draft' | 'inv' | 'commitment';

/** Ids remembered per process; the mapping never changes, so a stale entry cannot exist (only a full cache). */
const CACHE_LIMIT = 50_000;

/**
 * Which inbox a record belongs to, by its id. Records live in their inbox's hash slot (keyspace.ts) so that one
 * script can change a record and its inbox's indexes; a caller that has only the id (a web request, a job
 * payload) finds the slot here:
 *   inbox-of:<kind>:<id>   the inbox id, written once before the record (SET NX) and never changed
 * Ids are derived from their inbox (src/model/ids.ts), so the answer is fixed and cached in the process. Written
 * before the record: a crash in between leaves an entry without a record, which reads as "no such record".
 */
export class InboxOfIndex {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  private key(kind: RecordKind, id: string): string {
    return this.keys('inbox-of', kind, id);
  }

  private remembered(kind: RecordKind, id: string, inbox: string): string {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(`${kind}:${id}`, inbox);
    return inbox;
  }

  async record(kind: RecordKind, id: string, inbox: string): Promise<void> {
    if (this.cache.get(`${kind}:${id}`) === inbox) return;
    await this.redis.set(this.key(kind, id), inbox, 'NX');
    this.remembered(kind, id, inbox);
  }

  /** The inbox of a record, or null when no record of that id was ever stored. */
  async of(kind: RecordKind, id: string): Promise<string | null> {
    const hit = this.cache.get(`${kind}:${id}`);
    if (hit !== undefined) return hit;
    const inbox = await this.redis.get(this.key(kind, id));
    return inbox === null ? null : this.remembered(kind, id, inbox);
  }
}
