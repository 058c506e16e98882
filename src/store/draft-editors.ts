import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/** Who has a draft open for editing, as the page's heartbeat last said. */
export interface DraftEditor {
  actor: string;
  name: string;
  /** When their heartbeat runs out (ms since the epoch). */
  until: number;
}

/**
 * Who is editing a draft right now, so a second lead sees "Lea is editing" (issue 13, item 7):
 *   draft-editors:<draft id>   hash actor → JSON {name, until}, gone a few minutes after the last heartbeat
 * Only a hint for people: whether a save may overwrite is decided by the draft's version (src/drafts/service.ts).
 */
export class DraftEditorStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  /** Records the actor's heartbeat and returns everyone whose heartbeat is still running, the actor included. */
  async touch(draftId: string, editor: DraftEditor, now: number): Promise<DraftEditor[]> {
    const key = this.keys('draft-editors', draftId);
    await this.redis.hset(key, editor.actor, JSON.stringify({ name: editor.name, until: editor.until }));
    await this.redis.pexpire(key, Math.max(1000, editor.until - now) + 60_000);
    const all = await this.redis.hgetall(key);
    const live: DraftEditor[] = [];
    for (const [actor, raw] of Object.entries(all)) {
      const e = JSON.parse(raw) as { name: string; until: number };
      if (e.until > now) live.push({ actor, ...e });
      else await this.redis.hdel(key, actor);
    }
    return live.sort((a, b) => a.actor.localeCompare(b.actor));
  }

  /** The actor closed the draft (saved, approved, left the page). */
  async leave(draftId: string, actor: string): Promise<void> {
    await this.redis.hdel(this.keys('draft-editors', draftId), actor);
  }
}
