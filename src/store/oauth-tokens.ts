import { randomBytes } from 'node:crypto';
import { mgetAny, type RedisClient } from './redis-client.ts';
import { pendingSignIn, tokenRecord, type PendingSignIn, type TokenRecord } from '../model/oauth-token.ts';
import type { Keyspace } from './keyspace.ts';

// Writes for one grant: applied only while the stored generation is the writer's, so a refresh that finishes
// after the admin signed in again cannot overwrite the new grant with the old one.
const PUT_IF_GENERATION = `
local cur = redis.call('get', KEYS[1])
if cur and cjson.decode(cur).generation ~= tonumber(ARGV[1]) then return 0 end
redis.call('set', KEYS[1], ARGV[2])
return 1`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * OAuth2 grants of inboxes, the refresh lock and sign-ins in progress. Token values arrive sealed; this store
 * never sees a plaintext secret.
 *   {<inbox>}:oauth:token       JSON TokenRecord
 *   {<inbox>}:oauth:refresh     refresh lock: holder token, PX ttl (one process refreshes, the others wait)
 *   {<inbox>}:oauth:alerted:<generation>   set once when admins were told the inbox needs signing in again
 *   oauth:flow:<state>          JSON PendingSignIn, 10 minutes, taken once (GETDEL)
 */
export class OAuthTokenStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  async get(inboxId: string): Promise<TokenRecord | null> {
    const raw = await this.redis.get(this.keys.inbox(inboxId, 'oauth', 'token'));
    const parsed = raw ? tokenRecord.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  async getMany(inboxIds: string[]): Promise<Record<string, TokenRecord | null>> {
    // One key per inbox, each in its own slot on a cluster.
    const raws = await mgetAny(
      this.redis,
      inboxIds.map((id) => this.keys.inbox(id, 'oauth', 'token')),
    );
    return Object.fromEntries(
      inboxIds.map((id, i) => {
        const parsed = raws[i] ? tokenRecord.safeParse(JSON.parse(raws[i])) : null;
        return [id, parsed?.success ? parsed.data : null];
      }),
    );
  }

  /** A new grant (a sign-in): replaces whatever was there. */
  async replace(inboxId: string, record: TokenRecord): Promise<void> {
    await this.redis.set(this.keys.inbox(inboxId, 'oauth', 'token'), JSON.stringify(record));
  }

  /** Updates the grant of `record.generation`; false when a newer sign-in replaced it meanwhile. */
  async update(inboxId: string, record: TokenRecord): Promise<boolean> {
    const ok = await this.redis.eval(
      PUT_IF_GENERATION,
      1,
      this.keys.inbox(inboxId, 'oauth', 'token'),
      String(record.generation),
      JSON.stringify(record),
    );
    return Number(ok) === 1;
  }

  async remove(inboxId: string): Promise<void> {
    await this.redis.del(this.keys.inbox(inboxId, 'oauth', 'token'));
  }

  /** Takes the refresh lock; returns a release function, or null when another process holds it. */
  async lockRefresh(inboxId: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = this.keys.inbox(inboxId, 'oauth', 'refresh');
    const token = randomBytes(12).toString('hex');
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
    return async () => {
      await this.redis.eval(RELEASE, 1, key, token);
    };
  }

  async putFlow(state: string, flow: PendingSignIn, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys('oauth', 'flow', state), JSON.stringify(flow), 'EX', ttlSeconds);
  }

  /** The pending sign-in of `state`, removed as it is read: a callback URL works once. */
  async takeFlow(state: string): Promise<PendingSignIn | null> {
    const raw = await this.redis.getdel(this.keys('oauth', 'flow', state));
    const parsed = raw ? pendingSignIn.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** True the first time it is called for this inbox and grant (alert once, across every process). */
  async firstAlert(inboxId: string, generation: number): Promise<boolean> {
    const key = this.keys.inbox(inboxId, 'oauth', 'alerted', generation);
    return (await this.redis.set(key, '1', 'EX', 90 * 24 * 3600, 'NX')) === 'OK';
  }
}
