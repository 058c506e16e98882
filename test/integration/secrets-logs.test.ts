import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { InjectOptions } from 'fastify';
import { newMailUser, redisUrl, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig } from '../harness/config.ts';
import { waitUntil } from '../harness/wait.ts';
import { cookieFrom, csrfFrom } from '../e2e/web-fixture.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { REDACT_PATHS } from '../../src/log.ts';
import { hashPassword } from '../../src/users/passwords.ts';
import { startRoles, type Service } from '../../src/workers/run.ts';
import { startLocalProvider, type LocalProvider } from './oauth-provider.ts';
import { keyRing, microsoftAt, newKey, startOAuthDovecot, type OAuthDovecot } from './oauth-support.ts';

/**
 * No secret in logs, Redis, pages, the API or metrics: the whole service at debug level, an admin adding a
 * password inbox and a Microsoft 365 inbox through the web view, testing both connections, pollers logging in,
 * a token refresh; then every captured log line and every Redis value under the prefix is searched for the
 * plaintext password and every token the provider ever issued.
 */
const prefix = uniquePrefix('secrets-logs');
const FORM = 'application/x-www-form-urlencoded';
const ADMIN = 'ada@agency.test';
const ADMIN_PW = 'admin password for the test';
const lines: string[] = [];
let provider: LocalProvider;
let dovecot: OAuthDovecot;
let ctx: OwnedContext;
let service: Service;
const mail = newMailUser('secrets');

beforeAll(async () => {
  provider = await startLocalProvider({ accessTtl: 60 });
  provider.autoConsent = true;
  dovecot = await startOAuthDovecot(provider);
  const config = testConfig({
    prefix,
    inboxes: [],
    extra: {
      oauth: microsoftAt(provider),
      users: [{ email: ADMIN, name: 'Ada', role: 'admin', passwordHash: await hashPassword(ADMIN_PW) }],
      web: { host: '127.0.0.1', port: 0, sessionSecret: 'a-test-session-secret-of-at-least-32-chars' },
      ingest: { pollSeconds: 1 },
    },
  });
  ctx = createContext(config, {
    log: pino(
      { level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      { write: (line: string) => void lines.push(line) },
    ),
    secretKeys: keyRing(newKey()),
    registryPollMs: 200,
  });
  service = await startRoles(ctx, ['web', 'poller', 'worker'], ['ingest']);
});

afterAll(async () => {
  await service?.close();
  await ctx?.close();
  await dovecot?.stop();
  await provider?.close();
  await wipePrefix(prefix);
});

const inject = (opts: InjectOptions) => service.app!.inject(opts);

async function signIn(): Promise<string> {
  const page = await inject({ url: '/login' });
  const res = await inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookieFrom(page.headers['set-cookie']), 'content-type': FORM },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email: ADMIN, password: ADMIN_PW }).toString(),
  });
  return cookieFrom(res.headers['set-cookie']);
}

async function post(cookie: string, url: string, fields: Record<string, string>) {
  const page = await inject({ url: '/admin/inboxes', headers: { cookie } });
  return inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': FORM, host: '127.0.0.1' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
  });
}

/** Every value under the prefix, whatever its type. */
async function redisValues(): Promise<string[]> {
  const r = new Redis(redisUrl());
  const out: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', '500');
      cursor = next;
      for (const k of keys) {
        out.push(k);
        const type = await r.type(k);
        if (type === 'string') out.push((await r.get(k)) ?? '');
        else if (type === 'hash') out.push(...Object.entries(await r.hgetall(k)).flat());
        else if (type === 'list') out.push(...(await r.lrange(k, 0, -1)));
        else if (type === 'set') out.push(...(await r.smembers(k)));
        else if (type === 'zset') out.push(...(await r.zrange(k, '0', '-1')));
        else if (type === 'stream') out.push(JSON.stringify(await r.xrange(k, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return out;
}

describe('no secret leaves the process', () => {
  it('keeps passwords and tokens out of logs, Redis, pages, the API and metrics', async () => {
    const cookie = await signIn();
    const added = await post(cookie, '/admin/inboxes', {
      kind: 'password',
      id: 'pw',
      address: mail.address,
      imapHost: mail.host,
      imapPort: String(mail.port),
      imapSecurity: 'starttls',
      imapUser: mail.user,
      imapPass: mail.pass,
      startFrom: 'all',
      timezone: 'UTC',
      language: 'en',
    });
    expect(added.statusCode).toBe(303);
    const go = await post(cookie, '/admin/inboxes', {
      kind: 'microsoft',
      id: 'm365',
      address: 'team@agency.test',
      imapHost: dovecot.host,
      imapPort: String(dovecot.port),
      imapSecurity: 'starttls',
      startFrom: 'all',
      timezone: 'UTC',
      language: 'en',
    });
    expect(go.statusCode).toBe(303);
    const consent = await fetch(go.headers.location!, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    const done = await inject({ url: `${back.pathname}${back.search}`, headers: { cookie } });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/inboxes/m365');

    for (const id of ['pw', 'm365']) {
      const tested = await post(cookie, `/admin/inboxes/${id}/test`, {});
      expect(tested.statusCode).toBe(303);
    }
    await waitUntil(
      async () => Object.values(await ctx.stores.inboxStatus.read(['pw', 'm365'])).map((s) => s?.connected),
      (v) => v.every(Boolean),
    );
    await ctx.config.inboxes.find((i) => i.id === 'm365')!.imap.oauth!.get({ renew: true });

    const token = { authorization: 'Bearer test-token-0123456789' };
    const surfaces = [
      (await inject({ url: '/api/inboxes', headers: token })).body,
      (await inject({ url: '/metrics', headers: token })).body,
      (await inject({ url: '/admin/inboxes', headers: { cookie } })).body,
      (await inject({ url: '/admin/inboxes/pw', headers: { cookie } })).body,
      (await inject({ url: '/admin/inboxes/m365', headers: { cookie } })).body,
      (await inject({ url: '/readyz' })).body,
    ];
    expect(surfaces[0]).toContain('"m365"');

    const secrets = [mail.pass, ...provider.issued, back.searchParams.get('code')!];
    expect(provider.issued.length).toBeGreaterThanOrEqual(4);
    const values = await redisValues();
    expect(values.some((v) => v.includes('tss1.'))).toBe(true);
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
      expect(values.filter((v) => v.includes(secret))).toEqual([]);
      expect(surfaces.filter((s) => s.includes(secret))).toEqual([]);
    }
  });
});
