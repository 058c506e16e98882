import { z } from 'zod';
import type { Keyspace } from './keyspace.ts';
import { mgetAny, type RedisClient } from './redis-client.ts';

/**
 * A poller's health, published to Redis with a TTL so that the web role on any machine can answer /readyz.
 * A poller that dies stops refreshing it and its inbox reads as disconnected once the key expires.
 *   inbox-status:<inbox>   JSON InboxStatus, with a TTL a little longer than the lease
 */
export const inboxStatus = z.object({
  connected: z.boolean(),
  lastSyncAt: z.string().nullable(),
  /** Host and pid of the poller holding the lease. */
  holder: z.string(),
  error: z.string().nullable(),
});
export type InboxStatus = z.infer<typeof inboxStatus>;

export class InboxStatusStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  async publish(inboxId: string, status: InboxStatus, ttlSeconds: number): Promise<void> {
    await this.redis.set(
      this.keys('inbox-status', inboxId),
      JSON.stringify(status),
      'EX',
      Math.max(1, Math.ceil(ttlSeconds)),
    );
  }

  /** The last published status of each inbox; null when none is alive (or it does not parse). */
  async read(inboxIds: string[]): Promise<Record<string, InboxStatus | null>> {
    // One key per inbox, each in its own slot on a cluster.
    const raws = await mgetAny(
      this.redis,
      inboxIds.map((id) => this.keys('inbox-status', id)),
    );
    return Object.fromEntries(
      inboxIds.map((id, i) => {
        const raw = raws[i];
        const parsed = raw ? inboxStatus.safeParse(JSON.parse(raw)) : null;
        return [id, parsed?.success ? parsed.data : null];
      }),
    );
  }
}
