import type { Redis } from 'ioredis';
import { probeClient } from '../queue/connection.ts';
import { describeError, type CheckResult } from './check.ts';
import { durabilityVerdict, evictionVerdict, parseInfo, type RedisSettings } from './redis-durability.ts';

/** BullMQ 5+ needs Redis 6.2 or later (it uses commands and Lua features added then). */
const MIN_VERSION = [6, 2];

function versionOk(v: string): boolean {
  const [maj = 0, min = 0] = v.split('.').map(Number);
  return maj > MIN_VERSION[0]! || (maj === MIN_VERSION[0]! && min >= MIN_VERSION[1]!);
}

/** The URL without its password, for display. */
export function safeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis (unparseable url)';
  }
}

async function configGet(r: Redis, key: string): Promise<string | undefined> {
  try {
    const pair = (await r.config('GET', key)) as string[];
    return pair.length >= 2 ? pair[1] : undefined;
  } catch {
    return undefined; // managed services often rename or disable CONFIG
  }
}

async function readSettings(r: Redis, info: Map<string, string>): Promise<RedisSettings> {
  const aof = await configGet(r, 'appendonly');
  const save = await configGet(r, 'save');
  const aofInfo = info.get('aof_enabled');
  return {
    appendonly: aof !== undefined ? aof === 'yes' : aofInfo !== undefined ? aofInfo === '1' : undefined,
    save,
    maxmemoryPolicy: (await configGet(r, 'maxmemory-policy')) ?? info.get('maxmemory_policy'),
  };
}

/** PING, version, persistence and eviction policy of the Redis at `url`. */
export async function checkRedis(url: string): Promise<CheckResult[]> {
  const what = `redis ${safeRedisUrl(url)}`;
  const r = probeClient(url, 5000);
  try {
    await r.connect();
    await r.ping();
    const info = parseInfo(await r.info());
    const version = info.get('redis_version') ?? 'unknown';
    const results: CheckResult[] = [
      versionOk(version)
        ? { status: 'pass', what, detail: `PONG, version ${version}` }
        : {
            status: 'fail',
            what,
            detail: `version ${version} is too old`,
            fix: 'BullMQ needs Redis 6.2 or later: upgrade redis-server',
          },
    ];
    const settings = await readSettings(r, info);
    results.push(durabilityVerdict(settings));
    const eviction = evictionVerdict(settings.maxmemoryPolicy);
    if (eviction) results.push(eviction);
    return results;
  } catch (err) {
    const e = err as { message?: string };
    const fix = /NOAUTH|WRONGPASS/.test(e?.message ?? '')
      ? 'Redis wants a password: put it in redis.url (redis://:PASSWORD@host:6379) or REDIS_URL'
      : 'start Redis (`sudo apt-get install -y redis-server`) or point redis.url / REDIS_URL at it';
    return [{ status: 'fail', what, detail: describeError(err), fix }];
  } finally {
    r.disconnect();
  }
}
