import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

// Deletes the lock only if it is still ours.
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The two markers that keep one draft from reaching SMTP twice (src/drafts/send-job.ts):
 *   send-lock:<draft>      one attempt at a time (a token, with a TTL that outlives a crashed holder)
 *   send-refused:<draft>   the server refused this attempt: a Sent copy found next is not a delivery
 */
export class SendGuardStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  /** Takes the per-draft send lock; the token to unlock with, or null when another run holds it. */
  async lock(draftId: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.keys('send-lock', draftId), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async unlock(draftId: string, token: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, this.keys('send-lock', draftId), token);
  }

  async markRefused(draftId: string): Promise<void> {
    await this.redis.set(this.keys('send-refused', draftId), '1', 'EX', 30 * 86400);
  }

  async wasRefused(draftId: string): Promise<boolean> {
    return (await this.redis.get(this.keys('send-refused', draftId))) !== null;
  }

  async clearRefused(draftId: string): Promise<void> {
    await this.redis.del(this.keys('send-refused', draftId));
  }
}
