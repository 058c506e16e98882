import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { redisUrl } from './context.ts';
import type { MailUser } from './mail-user.ts';

type Raw = Record<string, unknown>;

/** One inbox (id `studio` unless named) on a test mailbox user's server, Stockholm office, all mail ingested. */
export function testInbox(user: MailUser, over: { id?: string; imap?: Raw } & Raw = {}): Raw {
  const { imap, ...rest } = over;
  return {
    id: 'studio',
    address: user.address,
    timezone: 'Europe/Stockholm',
    imap: {
      host: user.host,
      port: user.port,
      secure: false,
      user: user.user,
      pass: user.pass,
      startFrom: 'all',
      ...imap,
    },
    ...rest,
  };
}

export interface TestConfigOptions {
  /** Redis key prefix (uniquePrefix()), so test files never see each other's keys. */
  prefix: string;
  /** The mailbox of the one inbox; give `inboxes` instead for several. */
  user?: MailUser;
  /** Replaces keys of the one inbox (smtp, autoSend, holidays…); `imap` is merged into its imap settings. */
  inbox?: { imap?: Raw } & Raw;
  inboxes?: Raw[];
  /** Top-level keys (ingest, users, web…), replacing the defaults below. */
  extra?: Raw;
}

/** A config as it would be written in YAML, on the run's Redis, silent unless TEST_LOG_LEVEL says otherwise. */
export function testConfigInput(opts: TestConfigOptions): Raw {
  const inboxes = opts.inboxes ?? [testInbox(requireUser(opts.user), opts.inbox)];
  return {
    redis: { url: redisUrl(), prefix: opts.prefix },
    agency: { name: 'Northlight Studio' },
    inboxes,
    web: { host: '127.0.0.1', port: 0 },
    api: { tokens: [{ name: 'test', token: 'test-token-0123456789' }] },
    log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
    ...opts.extra,
  };
}

/** The same, validated by the service's own schema. */
export function testConfig(opts: TestConfigOptions): Config {
  return parseConfig(testConfigInput(opts), {});
}

/** Saves a config for a child process (`tactful … --config FILE`); returns the file's path. */
export function writeConfigFile(input: Raw): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tactful-config-')), 'tactful.yaml');
  writeFileSync(file, stringify(input));
  return file;
}

/**
 * A config for pure unit tests: no Redis, no mailbox reached. One inbox `studio` in Stockholm with Swedish
 * holidays; `inbox` replaces its keys.
 */
export function offlineConfig(inbox: Raw = {}): Config {
  return parseConfig(
    {
      agency: { name: 'Northlight Studio' },
      inboxes: [
        {
          id: 'studio',
          address: 'hello@northlight.test',
          timezone: 'Europe/Stockholm',
          holidays: { country: 'SE' },
          signature: { name: 'Anna Berg', title: 'Account Lead' },
          imap: { host: 'imap.test', user: 'u', pass: 'p' },
          ...inbox,
        },
      ],
    },
    {},
  );
}

function requireUser(user: MailUser | undefined): MailUser {
  if (!user) throw new Error('testConfig needs a user (or inboxes)');
  return user;
}
