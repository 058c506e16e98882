import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/redis-target.ts';
import type { RedisClient } from '../store/redis-client.ts';

/**
 * Redis clients, to one server or to a Redis Cluster. BullMQ workers need `maxRetriesPerRequest: null` (blocking
 * commands must wait out a Redis restart or a failover rather than fail). BullMQ does not close clients it was
 * given, so every caller that creates one must `quit()` it: `closeAll()` on the returned factory does that.
 */
export interface RedisFactory {
  readonly target: RedisTarget;
  /** A client for ordinary commands (stores, leases, cursors). */
  client(): RedisClient;
  /** A client for a BullMQ Worker or QueueEvents (blocking). */
  blocking(): RedisClient;
  /**
   * A client with auto-pipelining: the commands of all concurrent jobs leave in one write per tick (per node on a
   * cluster). For a hot worker's own commands only, so nobody else's timing changes.
   */
  pipelined(): RedisClient;
  closeAll(): Promise<void>;
}

/**
 * Cluster behaviour on failover: a MOVED or ASK reply is followed (and the slot map refreshed); while a master is
 * down and its replica not yet promoted (CLUSTERDOWN, a closed node connection) a command is retried after a slot
 * refresh, up to ioredis' `maxRedirections` (16) times, a few seconds in all, and then fails with "Too many Cluster
 * redirections": its caller tries again (a BullMQ worker after a short delay, a poller or heartbeat on its next
 * turn). A worker's blocking connection is reset and reconnected by BullMQ itself. What was acknowledged by a
 * master but not yet copied to its replica is lost on failover (Redis replicates asynchronously): Tactful's
 * idempotent steps and the Sent-folder check make up for that (README "Running on a Redis Cluster").
 */
const CLUSTER_OPTIONS: ClusterOptions = {
  scaleReads: 'master',
  // No ready check (CLUSTER INFO must say cluster_state:ok before `connect()` resolves): when it fails, ioredis
  // reconnects internally and the promise of that `connect()` never settles, even once the cluster is ready again
  // (redis/ioredis#709). BullMQ awaits exactly that promise when its watchdog resets a worker's blocking connection,
  // and a reset during a failover (cluster_state:fail until the replica is promoted) then parked the worker for good:
  // jobs stayed waiting. Without it the client is ready once it knows the slots; commands sent while the cluster
  // is down get CLUSTERDOWN and are retried below.
  enableReadyCheck: false,
  retryDelayOnFailover: 200,
  retryDelayOnClusterDown: 500,
  retryDelayOnTryAgain: 200,
  slotsRefreshTimeout: 2000,
  // Reconnect to the cluster forever, backing off to 2 s: a service must outlive any outage.
  clusterRetryStrategy: (times) => Math.min(200 * times, 2000),
};

export function redisFactory(target: RedisTarget | string, extra: RedisOptions = {}): RedisFactory {
  const t: RedisTarget = typeof target === 'string' ? { kind: 'single', url: target } : target;
  const made: RedisClient[] = [];
  const make = (opts: RedisOptions, pipelined = false): RedisClient => {
    const r: RedisClient =
      t.kind === 'single'
        ? new Redis(t.url, { lazyConnect: false, ...extra, ...opts, enableAutoPipelining: pipelined })
        : new Cluster(t.nodes, {
            ...CLUSTER_OPTIONS,
            enableAutoPipelining: pipelined,
            redisOptions: {
              ...(t.username ? { username: t.username } : {}),
              ...(t.password ? { password: t.password } : {}),
              ...(t.tls ? { tls: {} } : {}),
              ...extra,
              ...opts,
            },
          });
    // ioredis emits 'error' on every failed reconnect; an unhandled 'error' event would crash the process.
    r.on('error', () => undefined);
    made.push(r);
    return r;
  };
  return {
    target: t,
    client: () => make({ maxRetriesPerRequest: 3 }),
    blocking: () => make({ maxRetriesPerRequest: null }),
    pipelined: () => make({ maxRetriesPerRequest: 3 }, true),
    async closeAll() {
      await Promise.all(made.splice(0).map(closeClient));
    },
  };
}

/**
 * A one-shot client for a probe (the doctor, the sandbox's Redis finder): connects only when asked
 * (`connect()`), never reconnects and queues nothing while down, so an absent Redis fails within `timeoutMs`
 * instead of hanging. The caller disconnects it. A URL, or host/port/credentials (one node of a cluster).
 */
export function probeClient(where: string | RedisOptions, timeoutMs: number): Redis {
  const opts: RedisOptions = {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  };
  const r = typeof where === 'string' ? new Redis(where, opts) : new Redis({ ...where, ...opts });
  r.on('error', () => undefined);
  return r;
}

/** How long a closing client may wait for QUIT's answer before it is disconnected. */
const QUIT_WAIT_MS = 5_000;

/**
 * QUIT, or disconnect when QUIT fails or gets no answer in time: on a cluster whose master just moved, QUIT can sit
 * in the offline queue indefinitely, and a stopping process must not hang on it.
 */
async function closeClient(r: RedisClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const answered = await Promise.race([
    r.quit().then(
      () => true,
      () => false,
    ),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), QUIT_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!answered) r.disconnect();
}
