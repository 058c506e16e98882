import type { Redis, RedisOptions } from 'ioredis';
import { describeTarget, type RedisTarget } from '../config/redis-target.ts';
import { probeClient } from '../queue/connection.ts';
import { describeError, type CheckResult } from './check.ts';
import { durabilityVerdict, evictionVerdict, parseInfo, type RedisSettings } from './redis-durability.ts';
import { parseClusterNodes } from './redis-cluster-nodes.ts';

/** BullMQ 5+ needs Redis 6.2 or later (it uses commands and Lua features added then). */
const MIN_VERSION = [6, 2];
const TIMEOUT_MS = 5000;

function versionOk(v: string): boolean {
  const [maj = 0, min = 0] = v.split('.').map(Number);
  return maj > MIN_VERSION[0]! || (maj === MIN_VERSION[0]! && min >= MIN_VERSION[1]!);
}

/** The URL without its password, for display. */
export function safeRedisUrl(url: string): string {
  return describeTarget({ kind: 'single', url });
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

function connectFailure(what: string, err: unknown): CheckResult {
  const e = err as { message?: string };
  const fix = /NOAUTH|WRONGPASS/.test(e?.message ?? '')
    ? 'Redis wants a password: put it in redis.url (redis://:PASSWORD@host:6379) or REDIS_URL'
    : 'start Redis (`sudo apt-get install -y redis-server`) or point redis.url / REDIS_URL at it';
  return { status: 'fail', what, detail: describeError(err), fix };
}

/** Version, persistence and eviction of one server, its check lines naming it `what` (`…` for the details). */
async function checkServer(r: Redis, what: string, label: (part: string) => string): Promise<CheckResult[]> {
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
  const durability = durabilityVerdict(settings);
  results.push({ ...durability, what: label(durability.what) });
  const eviction = evictionVerdict(settings.maxmemoryPolicy);
  if (eviction) results.push({ ...eviction, what: label(eviction.what) });
  return results;
}

/** PING, version, persistence and eviction policy of the Redis at `url`. */
async function checkSingle(url: string): Promise<CheckResult[]> {
  const what = `redis ${safeRedisUrl(url)}`;
  const r = probeClient(url, TIMEOUT_MS);
  try {
    await r.connect();
    await r.ping();
    return await checkServer(r, what, (part) => part);
  } catch (err) {
    return [connectFailure(what, err)];
  } finally {
    r.disconnect();
  }
}

/**
 * A Redis Cluster: the cluster's state (every slot served) from the first seed node that answers, then the same
 * checks as a single Redis on every node it lists, masters and replicas — a replica without AOF, or with an
 * eviction policy, becomes a master that loses or drops jobs on the next failover.
 */
async function checkCluster(t: Extract<RedisTarget, { kind: 'cluster' }>): Promise<CheckResult[]> {
  const auth: RedisOptions = {
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
  };
  const what = `redis ${describeTarget(t)}`;
  let lastError: unknown = new Error('no seed node given');
  for (const seed of t.nodes) {
    const r = probeClient({ ...auth, host: seed.host, port: seed.port }, TIMEOUT_MS);
    try {
      await r.connect();
      const info = parseInfo(String(await r.cluster('INFO')));
      const nodes = parseClusterNodes(String(await r.cluster('NODES')));
      const state = info.get('cluster_state');
      const head: CheckResult =
        state === 'ok'
          ? {
              status: 'pass',
              what,
              detail: `state ok, ${nodes.filter((n) => n.role === 'master').length} masters, ${nodes.filter((n) => n.role === 'replica').length} replicas`,
            }
          : {
              status: 'fail',
              what,
              detail: `cluster_state is ${state ?? 'unknown'} (${info.get('cluster_slots_ok') ?? '?'} of 16384 slots served)`,
              fix: 'bring the failed nodes back or fail over to their replicas (`redis-cli --cluster check HOST:PORT`)',
            };
      const perNode = await Promise.all(nodes.map((n) => checkNode(n, auth)));
      return [head, ...perNode.flat()];
    } catch (err) {
      lastError = err;
    } finally {
      r.disconnect();
    }
  }
  return [connectFailure(what, lastError)];
}

async function checkNode(
  n: ReturnType<typeof parseClusterNodes>[number],
  auth: RedisOptions,
): Promise<CheckResult[]> {
  const name = `${n.host}:${n.port} (${n.role})`;
  const what = `redis node ${name}`;
  if (n.failing)
    return [
      {
        status: 'fail',
        what,
        detail: 'the cluster marks it failed',
        fix: 'start it again, or remove it (`redis-cli --cluster del-node`)',
      },
    ];
  const r = probeClient({ ...auth, host: n.host, port: n.port }, TIMEOUT_MS);
  try {
    await r.connect();
    return await checkServer(r, what, (part) => `${part} ${name}`);
  } catch (err) {
    return [connectFailure(what, err)];
  } finally {
    r.disconnect();
  }
}

/** The Redis checks of `tactful doctor`: one server, or every node of a cluster. */
export async function checkRedis(target: RedisTarget | string): Promise<CheckResult[]> {
  const t: RedisTarget = typeof target === 'string' ? { kind: 'single', url: target } : target;
  return t.kind === 'single' ? checkSingle(t.url) : checkCluster(t);
}
