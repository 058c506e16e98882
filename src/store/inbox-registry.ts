import type { RedisClient } from './redis-client.ts';
import { storedInbox, type StoredInbox } from '../model/registry-records.ts';
import type { Keyspace } from './keyspace.ts';
import type { RegistryVersion } from './registry-version.ts';

/**
 * Inboxes added in the web view. Every write bumps the registry version in the same MULTI, so another process
 * that sees the new version also sees the change.
 *   {registry}:inboxes   hash: inbox id → JSON StoredInbox (one slot with the version: written in one MULTI)
 */
export class InboxRegistryStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly version: RegistryVersion,
  ) {}

  private get key(): string {
    return this.keys.tagged('registry', 'inboxes');
  }

  async list(): Promise<StoredInbox[]> {
    const all = await this.redis.hvals(this.key);
    return all
      .map((raw) => storedInbox.safeParse(JSON.parse(raw)))
      .flatMap((p) => (p.success ? [p.data] : []))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredInbox | null> {
    const raw = await this.redis.hget(this.key, id);
    const parsed = raw ? storedInbox.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** Adds an inbox; false when the id is taken. */
  async add(inbox: StoredInbox): Promise<boolean> {
    const [[, added] = []] =
      (await this.redis
        .multi()
        .hsetnx(this.key, inbox.id, JSON.stringify(inbox))
        .incr(this.version.key)
        .exec()) ?? [];
    return Number(added) === 1;
  }

  async put(inbox: StoredInbox): Promise<void> {
    await this.redis.multi().hset(this.key, inbox.id, JSON.stringify(inbox)).incr(this.version.key).exec();
  }

  async remove(id: string): Promise<boolean> {
    const [[, n] = []] = (await this.redis.multi().hdel(this.key, id).incr(this.version.key).exec()) ?? [];
    return Number(n) === 1;
  }

  /** Tells every process to reload (e.g. an inbox signed in again: its pollers start over). */
  async touch(): Promise<void> {
    await this.redis.incr(this.version.key);
  }
}
