import type { RedisClient } from './redis-client.ts';
import { storedUser, type StoredUser } from '../model/registry-records.ts';
import type { Keyspace } from './keyspace.ts';
import type { RegistryVersion } from './registry-version.ts';

/**
 * Users added in the web view, read fresh on every signed-in request (so a removed lead is signed out at once,
 * on every web process).
 *   {registry}:users   hash: lower-cased email → JSON StoredUser (one slot with the version: one MULTI)
 */
export class UserRegistryStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly version: RegistryVersion,
  ) {}

  private get key(): string {
    return this.keys.tagged('registry', 'users');
  }

  async list(): Promise<StoredUser[]> {
    return (await this.redis.hvals(this.key))
      .map((raw) => storedUser.safeParse(JSON.parse(raw)))
      .flatMap((p) => (p.success ? [p.data] : []))
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  async get(email: string): Promise<StoredUser | null> {
    const raw = await this.redis.hget(this.key, email.toLowerCase());
    const parsed = raw ? storedUser.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** Adds a user; false when the email is taken. */
  async add(user: StoredUser): Promise<boolean> {
    const [[, added] = []] =
      (await this.redis
        .multi()
        .hsetnx(this.key, user.email.toLowerCase(), JSON.stringify(user))
        .incr(this.version.key)
        .exec()) ?? [];
    return Number(added) === 1;
  }

  async put(user: StoredUser): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key, user.email.toLowerCase(), JSON.stringify(user))
      .incr(this.version.key)
      .exec();
  }

  async remove(email: string): Promise<boolean> {
    const [[, n] = []] =
      (await this.redis.multi().hdel(this.key, email.toLowerCase()).incr(this.version.key).exec()) ?? [];
    return Number(n) === 1;
  }
}
