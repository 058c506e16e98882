import type { CheckResult } from './check.ts';

/** What Redis says about persistence and eviction; `undefined` when the server would not tell (CONFIG disabled). */
export interface RedisSettings {
  appendonly?: boolean;
  /** The `save` schedule, e.g. "3600 1 300 100"; "" means RDB snapshots are off. */
  save?: string;
  maxmemoryPolicy?: string;
}

/** Parses `INFO` text (`key:value` lines) into a map. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

/**
 * Queued jobs and drafts live only in Redis: without AOF or RDB a restart forgets every approved reply
 * waiting for office hours. AOF loses at most a second; RDB alone loses everything since the last snapshot.
 */
export function durabilityVerdict(s: RedisSettings): CheckResult {
  const what = 'redis durability';
  const howAof =
    'run `redis-cli CONFIG SET appendonly yes` now, and put `appendonly yes` in redis.conf so it survives a restart';
  if (s.appendonly === true) return { status: 'pass', what, detail: 'AOF on (appendonly yes)' };
  if (s.appendonly === undefined && s.save === undefined)
    return {
      status: 'warn',
      what,
      detail: 'the server does not say (CONFIG and INFO persistence unavailable)',
      fix: 'make sure your Redis provider keeps AOF or RDB persistence on',
    };
  if (s.save && s.save.trim() !== '')
    return {
      status: 'warn',
      what,
      detail: `RDB snapshots only (save "${s.save}"): a crash loses what changed since the last snapshot`,
      fix: howAof,
    };
  return {
    status: 'warn',
    what,
    detail: 'neither AOF nor RDB is on: a Redis restart loses every queued job and draft',
    fix: howAof,
  };
}

/** BullMQ keeps jobs as ordinary keys: any eviction policy but noeviction can silently drop them. */
export function evictionVerdict(policy: string | undefined): CheckResult | undefined {
  if (policy === undefined || policy === 'noeviction') return undefined;
  return {
    status: 'warn',
    what: 'redis eviction',
    detail: `maxmemory-policy is ${policy}: Redis may evict queued jobs under memory pressure`,
    fix: 'run `redis-cli CONFIG SET maxmemory-policy noeviction` and set it in redis.conf',
  };
}
