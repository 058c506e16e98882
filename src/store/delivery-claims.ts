import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/** Long enough that no retry, restart or re-planned job outlives its claim. */
const CLAIM_TTL_SECONDS = 90 * 86400;

export type ClaimState = 'claimed' | 'sent';

/**
 * At-most-once deliveries of notices (alerts to leads, webhook posts, digests): one claim per delivery, taken
 * before sending, so a crash, a restart or a second worker never sends it twice.
 *   delivery:<sha256 of the delivery's parts>   'claimed' while it is being sent, 'sent' after
 * A claim whose send failed cleanly is released (the job retries); a claim left `claimed` by a crash stays, and
 * that delivery is never made (the price of at most once).
 */
export class DeliveryClaimStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  private key(parts: string[]): string {
    return this.keys('delivery', createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 40));
  }

  /** True when this call claimed the delivery (nobody sent or is sending it). */
  async claim(parts: string[]): Promise<boolean> {
    return (await this.redis.set(this.key(parts), 'claimed', 'EX', CLAIM_TTL_SECONDS, 'NX')) === 'OK';
  }

  async markSent(parts: string[]): Promise<void> {
    await this.redis.set(this.key(parts), 'sent', 'EX', CLAIM_TTL_SECONDS);
  }

  /** Gives a claim back after a send that certainly did not happen, so a retry may try again. */
  async release(parts: string[]): Promise<void> {
    await this.redis.del(this.key(parts));
  }

  async state(parts: string[]): Promise<ClaimState | null> {
    return (await this.redis.get(this.key(parts))) as ClaimState | null;
  }
}
