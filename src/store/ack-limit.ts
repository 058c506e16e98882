import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/**
 * RFC 3834 §2: not the same automatic response to the same sender more than once in several days.
 *   ack:<inbox>:<sender>   record id of the message acknowledged, with the window as TTL
 * The sender is lower-cased (Pigeonhole's vacation keeps one entry per address, whatever its case).
 */
export class AckLimitStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  private key(inbox: string, sender: string): string {
    return this.keys('ack', inbox, sender.toLowerCase());
  }

  /**
   * Claims the window for `recordId`. True when this record holds it — also for a retry of the same record
   * (crash after the claim, before the draft), so that retry still gets its acknowledgement.
   */
  async claim(inbox: string, sender: string, recordId: string, windowSeconds: number): Promise<boolean> {
    const key = this.key(inbox, sender);
    await this.redis.set(key, recordId, 'EX', Math.max(1, Math.round(windowSeconds)), 'NX');
    return (await this.redis.get(key)) === recordId;
  }

  /** The record acknowledged within the window, or null. */
  async holder(inbox: string, sender: string): Promise<string | null> {
    return this.redis.get(this.key(inbox, sender));
  }
}
