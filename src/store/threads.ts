import { createHash } from 'node:crypto';
import type { Keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';
import { threadRecord, type ThreadRecord } from '../model/thread-record.ts';
import { updateJson } from './json-cas.ts';
import { LuaScript } from './lua-script.ts';

/**
 * A conversation is remembered this long after its last message is linked, and its record this long after its
 * last change: a thread quiet for over a year starts afresh, and Redis does not keep every conversation forever.
 */
const LINK_TTL_SECONDS = 400 * 86400;

const hashId = (messageId: string) =>
  createHash('sha256').update(messageId.trim().toLowerCase()).digest('hex').slice(0, 32);
const parse = (raw: string) => threadRecord.parse(JSON.parse(raw));

// KEYS: the thread-of keys (one inbox slot). ARGV: thread id, TTL in seconds. One script instead of a MULTI
// (a MULTI is a Pipeline of its own in ioredis and a socket write of its own, past the auto-pipelined batch).
const LINK = new LuaScript(`
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'EX', ARGV[2], 'NX')
  redis.call('EXPIRE', key, ARGV[2])
end
return 1`);

/**
 * Conversations in Redis. The only code that knows their keys, in the inbox's hash slot (a lookup of several
 * Message-IDs is one MGET, a link one script):
 *   {<inbox>}:thread-of:<sha256 of a Message-ID>   the thread id that message belongs to
 *   {<inbox>}:thread:<thread id>                    JSON ThreadRecord
 * Message-IDs are hashed in keys: they may hold any printable character, ':' included.
 */
export class ThreadStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  /** The thread of the first of these Message-IDs that belongs to one (the caller orders them root first). */
  async lookup(inbox: string, messageIds: string[]): Promise<string | null> {
    if (messageIds.length === 0) return null;
    const found = await this.redis.mget(
      messageIds.map((id) => this.keys.inbox(inbox, 'thread-of', hashId(id))),
    );
    return found.find((t): t is string => t !== null) ?? null;
  }

  /** Links Message-IDs to a thread; an id already linked keeps its thread (the first conversation wins). */
  async link(inbox: string, messageIds: string[], threadId: string): Promise<void> {
    if (messageIds.length === 0) return;
    const keys = messageIds.map((id) => this.keys.inbox(inbox, 'thread-of', hashId(id)));
    await LINK.run(this.redis, keys, [threadId, LINK_TTL_SECONDS]);
  }

  async get(inbox: string, id: string): Promise<ThreadRecord | null> {
    const raw = await this.redis.get(this.keys.inbox(inbox, 'thread', id));
    return raw ? parse(raw) : null;
  }

  /** Compare-and-set update; `change` gets null for a thread not stored yet and returns null to leave it. */
  async update(
    inbox: string,
    id: string,
    change: (t: ThreadRecord | null) => ThreadRecord | null,
  ): Promise<{ before: ThreadRecord | null; after: ThreadRecord | null; changed: boolean }> {
    return updateJson(
      this.redis,
      this.keys.inbox(inbox, 'thread', id),
      parse,
      (t) => {
        const next = change(t);
        return next ? threadRecord.parse(next) : null;
      },
      LINK_TTL_SECONDS,
    );
  }
}
