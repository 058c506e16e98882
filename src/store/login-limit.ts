import type { Redis } from 'ioredis';
import type { Keyspace } from './keyspace.ts';

/**
 * Where @fastify/rate-limit counts sign-in attempts (per address + email), shared by every web process:
 *   ratelimit:<route key>   the plugin's counters, with its own TTLs
 */
export interface LoginLimitStore {
  redis: Redis;
  nameSpace: string;
}

export function loginLimitStore(redis: Redis, keys: Keyspace): LoginLimitStore {
  return { redis, nameSpace: `${keys('ratelimit')}:` };
}
