import type { Keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';

// Expiry is measured on the Redis server's clock (TIME), never a process's: pollers on machines whose clocks
// disagree would otherwise see each other live too long or dead too soon. Scripts replicate their effects
// (Redis ≥ 5), so writing after TIME is allowed. The key lives as long as its last registration, so an
// installation whose pollers all stopped leaves nothing behind.
const HEARTBEAT = `
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zadd', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
local last = redis.call('zrange', KEYS[1], -1, -1, 'withscores')
redis.call('pexpireat', KEYS[1], last[2])
return redis.call('zrangebyscore', KEYS[1], '(' .. now, '+inf')`;
const LIVE = `
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('zrangebyscore', KEYS[1], '(' .. now, '+inf')`;

/**
 * The poller processes that are alive, so each can tell which inboxes are its to poll (src/ingest/rendezvous.ts).
 * A poller registers with a heartbeat that lapses after a TTL: one that dies drops out by itself.
 *   {pollers}:live   sorted set: poller id → when its registration lapses (ms, Redis server time); one slot,
 *                    one key, so every call is one script on a cluster too
 */
export class LivePollerStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  get key(): string {
    return this.keys.tagged('pollers', 'live');
  }

  /**
   * Registers `id` (or extends its registration) for `ttlMs`, forgets registrations that lapsed, and returns
   * the live ids, sorted — in one round trip, so a heartbeat is also the read of who else is there.
   */
  async heartbeat(id: string, ttlMs: number): Promise<string[]> {
    const ids = (await this.redis.eval(HEARTBEAT, 1, this.key, id, String(Math.ceil(ttlMs)))) as string[];
    return [...ids].sort();
  }

  /** Deregisters at shutdown, so the others take over this poller's inboxes without waiting for the TTL. */
  async leave(id: string): Promise<void> {
    await this.redis.zrem(this.key, id);
  }

  /** The live ids, sorted (for status pages and tests; pollers learn them from their heartbeat). */
  async live(): Promise<string[]> {
    return [...((await this.redis.eval(LIVE, 1, this.key)) as string[])].sort();
  }
}
