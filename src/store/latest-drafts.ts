import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/**
 * The newest reply draft per client address, to find the one a newer draft replaces:
 *   drafts-latest:<inbox>:<address>   draft id, kept 30 days
 */
export class LatestDraftIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  /** Records `draftId` as the newest for the address; returns the one it replaces (null when none). */
  async swap(inbox: string, address: string, draftId: string): Promise<string | null> {
    const key = this.keys('drafts-latest', inbox, address);
    const previous = await this.redis.getset(key, draftId);
    await this.redis.expire(key, 30 * 86400);
    return previous;
  }
}
