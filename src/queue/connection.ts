import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis clients. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must wait out a Redis
 * restart rather than fail). BullMQ does not close clients it was given, so every caller that creates one
 * must `quit()` it: `closeAll()` on the returned factory does that.
 */
export interface RedisFactory {
  /** A client for ordinary commands (stores, leases, cursors). */
  client(): Redis;
  /** A client for a BullMQ Worker or QueueEvents (blocking). */
  blocking(): Redis;
  closeAll(): Promise<void>;
}

export function redisFactory(url: string, extra: RedisOptions = {}): RedisFactory {
  const made: Redis[] = [];
  const make = (opts: RedisOptions) => {
    const r = new Redis(url, { lazyConnect: false, ...extra, ...opts });
    // ioredis emits 'error' on every failed reconnect; an unhandled 'error' event would crash the process.
    r.on('error', () => undefined);
    made.push(r);
    return r;
  };
  return {
    client: () => make({ maxRetriesPerRequest: 3 }),
    blocking: () => make({ maxRetriesPerRequest: null }),
    async closeAll() {
      await Promise.all(made.splice(0).map((r) => r.quit().catch(() => r.disconnect())));
    },
  };
}

/**
 * A one-shot client for a probe (the doctor, the sandbox's Redis finder): connects only when asked
 * (`connect()`), never reconnects and queues nothing while down, so an absent Redis fails within `timeoutMs`
 * instead of hanging. The caller disconnects it.
 */
export function probeClient(url: string, timeoutMs: number): Redis {
  const r = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => undefined);
  return r;
}
