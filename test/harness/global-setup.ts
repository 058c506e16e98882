import type { TestProject } from 'vitest/node';
import { findRedis, type SandboxRedis } from '../../src/sandbox/redis.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    imapHost: string;
    imapPort: number;
    dovecotDir: string;
  }
}

/**
 * Starts what integration tests talk to: one private Dovecot for the whole run, and Redis from the sandbox
 * (REDIS_URL or 127.0.0.1:6379 when it answers, else a private redis-server). Tests get their own key prefix
 * and mail user (test/harness/context.ts, mail-user.ts), so files can run side by side. Tests that must
 * restart Dovecot start their own with startDovecot().
 */
export default async function setup(project: TestProject) {
  let redis: SandboxRedis | undefined;
  let dovecot: Dovecot | undefined;
  try {
    redis = await findRedis({ prefer: 'shared' });
    dovecot = await startDovecot();
    project.provide('redisUrl', redis.url);
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
