import type { RedisClient } from './redis-client.ts';
import { LuaScript } from './lua-script.ts';

// KEYS: the record. ARGV: the JSON expected there ('' = absent), the new JSON, seconds to live ('' = for good).
// Compare-and-set in one script (no WATCH: connections are shared by concurrent jobs).
const CAS = new LuaScript(`
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2]) end
return 1`);

/**
 * Read–change–compare-and-set of one JSON record, retried when another writer got there first. `change` sees
 * the current record (null when absent) and returns the new one, or null to leave it as it is. Returns the record
 * before and after (after = before when nothing changed). With `ttlSeconds` every write restarts the record's time
 * to live; without it the record stays until deleted.
 */
export async function updateJson<T>(
  redis: RedisClient,
  key: string,
  parse: (raw: string) => T,
  change: (current: T | null) => T | null,
  ttlSeconds?: number,
): Promise<{ before: T | null; after: T | null; changed: boolean }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const raw = await redis.get(key);
    const before = raw === null ? null : parse(raw);
    const next = change(before);
    if (next === null) return { before, after: before, changed: false };
    const ok = await CAS.run(redis, [key], [raw ?? '', JSON.stringify(next), ttlSeconds ?? '']);
    if (Number(ok) === 1) return { before, after: next, changed: true };
  }
  throw new Error(`${key}: too many concurrent updates`);
}
