import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { LuaScript } from '../../src/store/lua-script.ts';

const prefix = uniquePrefix('lua-script');
const redis = new Redis(redisUrl());
afterAll(async () => {
  await wipePrefix(prefix);
  await redis.quit();
});

describe('LuaScript (EVALSHA, the whole script only on NOSCRIPT)', () => {
  it('runs a script the server has never seen exactly once, then by its SHA1', async () => {
    // A source no server has cached: the first EVALSHA gets NOSCRIPT (nothing ran), the EVAL after it runs once.
    const script = new LuaScript(`-- ${randomBytes(8).toString('hex')}\nreturn redis.call('INCR', KEYS[1])`);
    const key = `${prefix}:counter`;
    expect(Number(await redis.script('EXISTS', script.sha).then((r) => (r as number[])[0]))).toBe(0);
    expect(await script.run(redis, [key], [])).toBe(1);
    expect(Number(await redis.script('EXISTS', script.sha).then((r) => (r as number[])[0]))).toBe(1);
    expect(await script.run(redis, [key], [])).toBe(2);
    expect(await redis.get(key)).toBe('2');
  });

  it('passes errors other than NOSCRIPT through without running the script again', async () => {
    const script = new LuaScript(
      `-- ${randomBytes(8).toString('hex')}\nredis.call('INCR', KEYS[1])\nreturn redis.error_reply('ERR nope')`,
    );
    const key = `${prefix}:failing`;
    await expect(script.run(redis, [key], [])).rejects.toThrow(/nope/);
    await expect(script.run(redis, [key], [])).rejects.toThrow(/nope/);
    expect(await redis.get(key)).toBe('2');
  });
});
