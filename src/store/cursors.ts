import { z } from 'zod';
import type { Keyspace } from './keyspace.ts';
import type { Lease } from './leases.ts';
import type { RedisClient } from './redis-client.ts';

/** How far a poller has enqueued an inbox: every UID ≤ lastUid under uidValidity is safely in the queue. */
export const cursorSchema = z.object({
  uidValidity: z.string(),
  lastUid: z.number().int().min(0),
  /** When the cursor last moved; bounds the re-sync after a UIDVALIDITY change. */
  updatedAt: z.string(),
});
export type Cursor = z.infer<typeof cursorSchema>;
/** Which folder of an inbox a cursor follows. */
export type CursorFolder = 'inbox' | 'sent';

// Fenced write: the cursor moves only while the writer still holds the inbox lease. A poller that stalled
// past its lease (GC pause, frozen VM) cannot move the cursor under the new holder's feet. The lease and the
// cursor are keys of the inbox's slot, so the script runs on a cluster too.
const SAVE_IF_LEASED = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[2], ARGV[2]) return 1 else return 0 end`;

export class CursorStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  /**
   *   {<inbox>}:cursor        JSON Cursor of the inbox's mailbox
   *   {<inbox>}:cursor:sent   JSON Cursor of its Sent folder (the agency's answers, src/ingest/sent-scan.ts)
   */
  private key(inboxId: string, folder: CursorFolder): string {
    return folder === 'inbox'
      ? this.keys.inbox(inboxId, 'cursor')
      : this.keys.inbox(inboxId, 'cursor', folder);
  }

  async get(inboxId: string, folder: CursorFolder = 'inbox'): Promise<Cursor | null> {
    const raw = await this.redis.get(this.key(inboxId, folder));
    if (!raw) return null;
    const parsed = cursorSchema.safeParse(JSON.parse(raw));
    // A cursor that does not parse is treated as absent: the re-sync that follows is deduplicated.
    return parsed.success ? parsed.data : null;
  }

  /** Saves the cursor if `lease` is still held by its holder. Returns false when the lease is lost. */
  async save(
    inboxId: string,
    cursor: Cursor,
    lease: Pick<Lease, 'key' | 'token'>,
    folder: CursorFolder = 'inbox',
  ): Promise<boolean> {
    const ok = await this.redis.eval(
      SAVE_IF_LEASED,
      2,
      lease.key,
      this.key(inboxId, folder),
      lease.token,
      JSON.stringify(cursor),
    );
    return Number(ok) === 1;
  }
}
