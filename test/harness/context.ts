import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Clock } from '../../src/clock.ts';
import { createLogger } from '../../src/log.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { wipePrefix as wipeKeys } from '../../src/store/wipe.ts';

/** A unique Redis key prefix for one test file (or one test), so runs never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `tactful-test:${label}:${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function redisUrl(): string {
  return inject('redisUrl');
}

/** Deletes every key under a prefix (BullMQ's included). */
export async function wipePrefix(prefix: string): Promise<void> {
  const r = new Redis(redisUrl());
  try {
    await wipeKeys(r, prefix);
  } finally {
    await r.quit();
  }
}

/** The service's own composition root on the test's config, silent, with the test's clock. */
export function testContext(config: Config, opts: { clock?: Clock } = {}): OwnedContext {
  return createContext(config, { clock: opts.clock, log: createLogger({ level: 'silent' }) });
}

export interface MailUser {
  user: string;
  pass: string;
  address: string;
}

/** A fresh mailbox user in the shared test Dovecot (one passwd-file per user; see dovecot.ts). */
export function newMailUser(label = 'u'): MailUser {
  const user = `${label}-${randomBytes(4).toString('hex')}@agency.test`;
  const pass = randomBytes(8).toString('hex');
  writeFileSync(join(inject('dovecotDir'), 'users', user), `${user}:${pass}\n`);
  return { user, pass, address: user };
}

/** A validated Config for one inbox on the shared test Dovecot, with overrides merged in. */
export function testConfig(opts: {
  prefix: string;
  user: MailUser;
  inbox?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}): Config {
  return parseConfig(
    {
      redis: { url: redisUrl(), prefix: opts.prefix },
      agency: { name: 'Northlight Studio' },
      inboxes: [
        {
          id: 'studio',
          address: opts.user.address,
          timezone: 'Europe/Stockholm',
          imap: {
            host: inject('imapHost'),
            port: inject('imapPort'),
            secure: false,
            user: opts.user.user,
            pass: opts.user.pass,
            startFrom: 'all',
          },
          ...opts.inbox,
        },
      ],
      web: { host: '127.0.0.1', port: 0 },
      api: { tokens: [{ name: 'test', token: 'test-token-0123456789' }] },
      log: { level: 'silent' },
      ...opts.extra,
    },
    {},
  );
}
