import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

// Deletes the lock only if it is still ours.
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * How far an attempt got: its Sent copy is being written (`append`), the SMTP transaction runs (`smtp`), the
 * server said 250 (`accepted`), or a run found it stopped inside the transaction and handed it to a lead
 * (`uncertain`: its copy proves nothing either way).
 */
export type SendPhase = 'append' | 'smtp' | 'accepted' | 'uncertain';

/**
 * The markers that keep one draft from reaching SMTP twice, or never (src/drafts/send-job.ts):
 *   send-lock:<draft>      one attempt at a time (a token, with a TTL that outlives a crashed holder)
 *   send-refused:<draft>   the server refused this attempt: a Sent copy found next is not a delivery
 *   send-phase:<draft>     `append` while the Sent copy is written, `smtp` from just before the SMTP transaction,
 *                          `accepted` once the server said 250: a copy found while it says `append` never reached
 *                          SMTP (an APPEND cut off by a Dovecot restart may have stored it), one found at `smtp`
 *                          may or may not have (a kill inside the transaction): only `accepted` proves a delivery
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

  async markPhase(draftId: string, phase: SendPhase): Promise<void> {
    await this.redis.set(this.keys('send-phase', draftId), phase, 'EX', 30 * 86400);
  }

  /** The phase the last attempt reached; null when it finished (or began before phases were recorded). */
  async phase(draftId: string): Promise<SendPhase | null> {
    return (await this.redis.get(this.keys('send-phase', draftId))) as SendPhase | null;
  }

  async clearPhase(draftId: string): Promise<void> {
    await this.redis.del(this.keys('send-phase', draftId));
  }
}
