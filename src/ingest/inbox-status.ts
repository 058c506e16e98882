import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { Keyspace } from '../queue/connection.ts';

/**
 * A poller's health, published to Redis with a TTL so that the web role on any machine can answer /readyz.
 * A poller that dies stops refreshing it and its inbox reads as disconnected once the key expires.
 */
export const inboxStatus = z.object({
  connected: z.boolean(),
  lastSyncAt: z.string().nullable(),
  /** Host and pid of the poller holding the lease. */
  holder: z.string(),
  error: z.string().nullable(),
});
export type InboxStatus = z.infer<typeof inboxStatus>;

export const statusKey = (keys: Keyspace, inboxId: string) => keys('inbox-status', inboxId);

export async function publishStatus(
  redis: Redis,
  keys: Keyspace,
  inboxId: string,
  status: InboxStatus,
  ttlSeconds: number,
): Promise<void> {
  await redis.set(statusKey(keys, inboxId), JSON.stringify(status), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
}

export async function readStatuses(
  redis: Redis,
  keys: Keyspace,
  inboxIds: string[],
): Promise<Record<string, InboxStatus | null>> {
  const raws = inboxIds.length ? await redis.mget(inboxIds.map((id) => statusKey(keys, id))) : [];
  return Object.fromEntries(
    inboxIds.map((id, i) => {
      const raw = raws[i];
      const parsed = raw ? inboxStatus.safeParse(JSON.parse(raw)) : null;
      return [id, parsed?.success ? parsed.data : null];
    }),
  );
}

/** The `readiness` of src/web/app.ts: ready when every configured inbox has a connected poller. */
export function inboxReadiness(redis: Redis, keys: Keyspace, config: Config) {
  return async (): Promise<{ ok: boolean; body: Record<string, unknown> }> => {
    const ids = config.inboxes.map((i) => i.id);
    let statuses: Record<string, InboxStatus | null>;
    try {
      statuses = await readStatuses(redis, keys, ids);
    } catch {
      statuses = Object.fromEntries(ids.map((id) => [id, null]));
    }
    const inboxes = Object.fromEntries(
      ids.map((id) => {
        const s = statuses[id];
        return [id, { connected: s?.connected ?? false, lastSyncAt: s?.lastSyncAt ?? null }];
      }),
    );
    return { ok: Object.values(inboxes).every((s) => s.connected), body: { inboxes } };
  };
}
