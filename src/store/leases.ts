import { randomBytes } from 'node:crypto';
import type { Keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';

// Compare-and-extend / compare-and-delete: only the holder of the random token may touch the lease, so a
// poller whose lease already expired (and was taken by another process) cannot extend or drop the new one.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis lease (SET NX PX + token) that makes one process the only active poller of an inbox.
 * The holder renews it well before it expires; a standby that finds it free takes over.
 *   {<inbox>}:lease:poller   the holder's random token, with the lease's TTL (in the inbox's slot: the cursor's
 *                            fenced write reads it in the same script)
 */
export class Lease {
  /** Random per holder; also the fencing token checked by cursor writes (CursorStore.save). */
  readonly token = randomBytes(16).toString('hex');

  constructor(
    private readonly redis: RedisClient,
    readonly key: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease if nobody holds it. */
  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Extends the lease if this holder still has it; false means it is lost. */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
  }

  /** Drops the lease if this holder still has it, so a standby takes over without waiting for expiry. */
  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}

/** Makes the poller lease of an inbox; each call is a new would-be holder with its own token. */
export class LeaseStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  poller(inboxId: string, ttlMs: number): Lease {
    return new Lease(this.redis, this.keys.inbox(inboxId, 'lease', 'poller'), ttlMs);
  }

  /** The token of whoever polls the inbox now, or null. */
  async pollerHolder(inboxId: string): Promise<string | null> {
    return this.redis.get(this.keys.inbox(inboxId, 'lease', 'poller'));
  }
}
