import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig } from '../harness/config.ts';
import { cookieFrom, csrfFrom } from '../e2e/web-fixture.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { hashPassword } from '../../src/users/passwords.ts';
import { buildApp } from '../../src/web/app.ts';
import { startLocalProvider, type LocalProvider } from './oauth-provider.ts';
import { keyRing, microsoftAt, newKey } from './oauth-support.ts';

/**
 * The sign-in's way back through the browser: the callback works once, only for the admin who started it, and
 * a refusal at the provider (`error=access_denied`) or a forged state stores nothing.
 */
const prefix = uniquePrefix('oauth-callback');
const FORM = 'application/x-www-form-urlencoded';
const PW = 'admin password for the test';
let provider: LocalProvider;
let ctx: OwnedContext;
let app: FastifyInstance;

beforeAll(async () => {
  provider = await startLocalProvider();
  provider.autoConsent = true;
  const hash = await hashPassword(PW);
  const config = testConfig({
    prefix,
    inboxes: [],
    extra: {
      oauth: microsoftAt(provider),
      users: [
        { email: 'ada@agency.test', name: 'Ada', role: 'admin', passwordHash: hash },
        { email: 'bo@agency.test', name: 'Bo', role: 'admin', passwordHash: hash },
      ],
      web: { host: '127.0.0.1', port: 0, sessionSecret: 'a-test-session-secret-of-at-least-32-chars' },
    },
  });
  ctx = createContext(config, { log: createLogger({ level: 'silent' }), secretKeys: keyRing(newKey()) });
  app = await buildApp(ctx);
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  await provider?.close();
  await wipePrefix(prefix);
});

async function signIn(email: string): Promise<string> {
  const page = await app.inject({ url: '/login' });
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookieFrom(page.headers['set-cookie']), 'content-type': FORM },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email, password: PW }).toString(),
  });
  return cookieFrom(res.headers['set-cookie']);
}

/** Starts adding a Microsoft 365 inbox; returns the callback URL the provider sends the browser to. */
async function startAdding(cookie: string, id: string): Promise<URL> {
  const page = await app.inject({ url: '/admin/inboxes', headers: { cookie } });
  const res = await app.inject({
    method: 'POST',
    url: '/admin/inboxes',
    headers: { cookie, 'content-type': FORM, host: '127.0.0.1:3000' },
    payload: new URLSearchParams({
      _csrf: csrfFrom(page.body),
      kind: 'microsoft',
      id,
      address: `${id}@agency.test`,
      imapHost: '127.0.0.1',
      imapPort: '143',
      imapSecurity: 'starttls',
    }).toString(),
  });
  expect(res.statusCode).toBe(303);
  const authorize = new URL(res.headers.location!);
  expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3000/oauth/callback');
  expect(authorize.searchParams.get('login_hint')).toBe(`${id}@agency.test`);
  const consent = await fetch(authorize, { redirect: 'manual' });
  return new URL(consent.headers.get('location')!);
}

const callback = (url: URL, cookie: string) =>
  app.inject({ url: `${url.pathname}${url.search}`, headers: { cookie } });

describe('the OAuth callback', () => {
  it('works once, for the admin who started the sign-in', async () => {
    const ada = await signIn('ada@agency.test');
    const bo = await signIn('bo@agency.test');
    const back = await startAdding(ada, 'first');
    const stolen = await callback(back, bo);
    expect(stolen.statusCode).toBe(400);
    expect(stolen.body).toContain('This sign-in has expired or was already used');
    // Bo's attempt used the state up: the flow is gone for Ada too, and nothing was stored.
    expect((await callback(back, ada)).statusCode).toBe(400);
    expect(await ctx.stores.inboxRegistry.get('first')).toBeNull();

    const again = await startAdding(ada, 'second');
    const ok = await callback(again, ada);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin/inboxes/second');
    expect((await callback(again, ada)).statusCode).toBe(400);
    expect((await ctx.stores.oauthTokens.get('second'))?.generation).toBe(1);
  });

  it('stores nothing when the provider refused or the state is forged', async () => {
    const ada = await signIn('ada@agency.test');
    const back = await startAdding(ada, 'third');
    const denied = new URL(back);
    denied.searchParams.delete('code');
    denied.searchParams.set('error', 'access_denied');
    const res = await callback(denied, ada);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('the provider did not grant access (access_denied)');
    const forged = new URL('http://127.0.0.1:3000/oauth/callback?code=x&state=forged-state-0123456789');
    expect((await callback(forged, ada)).statusCode).toBe(400);
    expect(await ctx.stores.inboxRegistry.get('third')).toBeNull();
    const anonymous = await app.inject({ url: `${back.pathname}${back.search}` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });
});
