import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  cookieFrom,
  csrfFrom,
  injectLogin,
  PASSWORD,
  seedDraft,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../src/web/pages/login.ts';

const prefix = uniquePrefix('web-auth');
let f: WebFixture;
beforeAll(async () => {
  f = await startWeb(prefix);
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = 'application/x-www-form-urlencoded';

describe('signing in', () => {
  it('sends anonymous visitors to the login page and back afterwards', async () => {
    const res = await f.app.inject({ url: '/queue' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fqueue');
  });

  it('signs in with the right password and sets a HttpOnly, SameSite=Lax, Path=/ session cookie', async () => {
    const { res, cookie } = await injectLogin(f.app, USERS.lead);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queue');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^tactful_session=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/); // secureCookies is off in this config
    const queue = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Lena Lead');
  });

  it('refuses a wrong password with a 401 page that says so', async () => {
    const { res } = await injectLogin(f.app, USERS.lead, 'not the password');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Wrong email or password.');
    expect(res.headers['set-cookie'] ?? '').not.toMatch(/tactful_session=[^;]{20,}.*HttpOnly/);
    const { res: unknown } = await injectLogin(f.app, 'nobody@agency.test');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('Wrong email or password.');
  });

  it('refuses a login form posted without its CSRF token (403)', async () => {
    const page = await f.app.inject({ url: '/login' });
    const res = await f.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookieFrom(page.headers['set-cookie']), 'content-type': FORM },
      payload: form({ email: USERS.lead, password: 'x' }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('never follows an off-site `next` after login', async () => {
    const page = await f.app.inject({ url: '/login?next=//evil.test/x' });
    expect(page.body).toContain('name="next" value="/queue"');
  });

  it('logs out with a CSRF-protected form', async () => {
    const { cookie } = await injectLogin(f.app, USERS.lead);
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    const res = await f.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, 'content-type': FORM },
      payload: form({ _csrf: csrfFrom(page.body) }),
    });
    expect(res.statusCode).toBe(303);
    const after = await f.app.inject({
      url: '/queue',
      headers: { cookie: cookieFrom(res.headers['set-cookie']) },
    });
    expect(after.statusCode).toBe(303);
  });
});

describe('CSRF on actions', () => {
  it('refuses an approve form without the token and leaves the draft pending', async () => {
    const d = await seedDraft(f);
    const { cookie } = await injectLogin(f.app, USERS.lead);
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/approve`,
      headers: { cookie, 'content-type': FORM },
      payload: form({ action: 'approve', subject: 'x', body: 'y' }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Form expired');
    expect((await f.drafts.get(d.id))!.status).toBe('pending');
  });

  it('lets a session call the JSON API, but changes need the x-csrf-token header', async () => {
    const d = await seedDraft(f);
    const { cookie } = await injectLogin(f.app, USERS.lead);
    const list = await f.app.inject({ url: '/api/drafts?status=pending', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    const bare = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/reject`,
      headers: { cookie },
      payload: {},
    });
    expect(bare.statusCode).toBe(403);
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    const ok = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/reject`,
      headers: { cookie, 'x-csrf-token': csrfFrom(page.body) },
      payload: { reason: 'duplicate' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await f.drafts.get(d.id))!.status).toBe('rejected');
  });
});

describe('headers and errors', () => {
  it('serves pages as UTF-8 HTML with a strict CSP and no inline script allowance', async () => {
    const res = await f.app.inject({ url: '/login' });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('<html lang="en">');
  });

  it('answers unknown pages with an HTML 404 and unknown API paths with JSON', async () => {
    const page = await f.app.inject({ url: '/no/such/page' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    const api = await f.app.inject({
      url: '/api/nothing',
      headers: { authorization: 'Bearer test-token-0123456789' },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not_found' });
  });

  it('serves the OpenAPI description with the drafts API in it', async () => {
    const res = await f.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths.some((p) => p.startsWith('/api/drafts'))).toBe(true);
    expect(paths.some((p) => !p.startsWith('/api/'))).toBe(false);
  });

  it(`rate-limits sign-in attempts (${LOGIN_ATTEMPTS_PER_MINUTE} a minute per address and email)`, async () => {
    const page = await f.app.inject({ url: '/login', remoteAddress: '10.9.8.7' });
    const cookie = cookieFrom(page.headers['set-cookie']);
    const csrf = csrfFrom(page.body);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: '10.9.8.7',
        headers: { cookie, 'content-type': FORM },
        payload: form({ _csrf: csrf, email: USERS.lead, password: `guess-${i}` }),
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(r.body).toContain('Too many sign-in attempts');
    }
    expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // A colleague behind the same address can still sign in.
    const colleague = await f.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '10.9.8.7',
      headers: { cookie, 'content-type': FORM },
      payload: form({ _csrf: csrf, email: USERS.otherLead, password: PASSWORD }),
    });
    expect(colleague.statusCode).toBe(303);
  });
});
