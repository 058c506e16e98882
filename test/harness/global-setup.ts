import type { TestProject } from 'vitest/node';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { startRedis, type PrivateRedis } from './redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    imapHost: string;
    imapPort: number;
    dovecotDir: string;
  }
}

/**
 * Starts what integration tests talk to: one private Dovecot for the whole run, and Redis at REDIS_URL or a
 * private redis-server. Tests get their own key prefix and mail user (test/harness/context.ts), so files can
 * run side by side. Tests that must restart Dovecot start their own with startDovecot().
 */
export default async function setup(project: TestProject) {
  let redis: PrivateRedis | undefined;
  let dovecot: Dovecot | undefined;
  try {
    const redisUrl = process.env.REDIS_URL ?? (redis = await startRedis()).url;
    dovecot = await startDovecot();
    project.provide('redisUrl', redisUrl);
    project.provide('imapHost', dovecot.host);
    project.provide('imapPort', dovecot.port);
    project.provide('dovecotDir', dovecot.dir);
  } catch (err) {
    await dovecot?.destroy();
    await redis?.stop();
    // One clear line instead of a stack trace when a system part is missing.
    console.error(`\n[tactful tests] ${(err as Error).message}\n`);
    throw err;
  }
  return async () => {
    await dovecot?.destroy();
    await redis?.stop();
  };
}
