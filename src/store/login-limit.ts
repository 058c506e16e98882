import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/**
 * Where @fastify/rate-limit counts sign-in attempts (per address + email), shared by every web process:
 *   ratelimit:<route key>   the plugin's counters, with its own TTLs
 */
export interface LoginLimitStore {
  redis: RedisClient;
  nameSpace: string;
}

export function loginLimitStore(redis: RedisClient, keys: Keyspace): LoginLimitStore {
  return { redis, nameSpace: `${keys('ratelimit')}:` };
}
