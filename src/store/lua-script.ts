import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';

/**
 * A Lua script run by its SHA1 (EVALSHA), sent whole (EVAL) only when the server answers NOSCRIPT: the first call
 * after a Redis restart, a failover or a SCRIPT FLUSH, or on a cluster node that has not seen it yet. NOSCRIPT
 * means nothing ran, so the EVAL that follows runs the script exactly once.
 *
 * Not ioredis's `defineCommand`: ioredis copies every defined command onto each Pipeline it makes (one per
 * auto-pipelined batch and per MULTI), which costs more than the script text saved on a hot client.
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err as Error).message?.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
