import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { cookieFrom, csrfFrom, injectLogin, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';

/**
 * Leads managed in the web view, across two web nodes on one Redis: one added on node A signs in on node B at
 * once; one removed (or whose password is reset) on A is signed out of B at their next request. Every change is
 * audited; config-file users are read-only; every form needs its CSRF token.
 */
const prefix = uniquePrefix('inboxes-users');
const FORM = 'application/x-www-form-urlencoded';
let a: WebFixture;
let b: WebFixture;
let admin: string;

beforeAll(async () => {
  a = await startWeb(prefix);
  b = await startWeb(prefix);
  admin = (await injectLogin(a.app, USERS.admin)).cookie;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await wipePrefix(prefix);
});

async function adminPost(url: string, fields: Record<string, string | string[]>) {
  const page = await a.app.inject({ url: '/admin/users', headers: { cookie: admin } });
  const body = new URLSearchParams({ _csrf: csrfFrom(page.body) });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return a.app.inject({
    method: 'POST',
    url,
    headers: { cookie: admin, 'content-type': FORM },
    payload: body.toString(),
  });
}

const NINA = 'nina@agency.test';
const PW = 'a long enough password';

describe('leads managed in the web view', () => {
  it('refuses a form without its CSRF token', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: admin, 'content-type': FORM },
      payload: new URLSearchParams({ email: NINA, name: 'Nina', password: PW }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(await a.ctx.stores.userRegistry.get(NINA)).toBeNull();
  });

  it('a lead added on one node signs in on another at once and sees their inbox', async () => {
    const res = await adminPost('/admin/users', {
      email: NINA,
      name: 'Nina Nyberg',
      role: 'lead',
      inboxes: 'studio',
      password: PW,
    });
    expect(res.statusCode).toBe(303);
    const { res: login, cookie } = await injectLogin(b.app, NINA, PW);
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/queue');
    const queue = await b.app.inject({ url: '/queue', headers: { cookie } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Nina Nyberg');
    const other = await b.app.inject({ url: '/api/messages?inbox=other', headers: { cookie } });
    expect(other.statusCode).toBe(404);
    const page = await a.app.inject({ url: '/admin/users', headers: { cookie: admin } });
    expect(page.body).toContain(NINA);
    expect(page.body).not.toContain('scrypt$');
  });

  it('a password reset ends the lead’s other sessions; the new password works, the old one not', async () => {
    const { cookie } = await injectLogin(b.app, NINA, PW);
    expect((await b.app.inject({ url: '/queue', headers: { cookie } })).statusCode).toBe(200);
    const res = await adminPost(`/admin/users/${encodeURIComponent(NINA)}/password`, {
      password: 'another long password',
    });
    expect(res.statusCode).toBe(303);
    const after = await b.app.inject({ url: '/queue', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    expect((await injectLogin(b.app, NINA, PW)).res.statusCode).toBe(401);
    expect((await injectLogin(b.app, NINA, 'another long password')).res.statusCode).toBe(303);
  });

  it('a lead removed on one node is signed out of the other at the next request', async () => {
    const { cookie } = await injectLogin(b.app, NINA, 'another long password');
    expect((await b.app.inject({ url: '/queue', headers: { cookie } })).statusCode).toBe(200);
    const res = await adminPost(`/admin/users/${encodeURIComponent(NINA)}/remove`, {});
    expect(res.statusCode).toBe(303);
    const after = await b.app.inject({ url: '/queue', headers: { cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    expect(cookieFrom(after.headers['set-cookie'])).toMatch(/tactful_session=;|tactful_session=$/);
  });

  it('audits every change with who made it', async () => {
    const audit = await a.ctx.stores.adminLog.recentAudit();
    expect(audit.filter((e) => e.target === NINA).map((e) => [e.actor, e.action])).toEqual([
      [USERS.admin, 'user.remove'],
      [USERS.admin, 'user.reset-password'],
      [USERS.admin, 'user.add'],
    ]);
  });

  it('keeps config-file users read-only and admin pages for admins', async () => {
    const res = await adminPost(`/admin/users/${encodeURIComponent(USERS.lead)}/remove`, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('set in the config file');
    const { cookie } = await injectLogin(a.app, USERS.lead);
    expect((await a.app.inject({ url: '/admin/users', headers: { cookie } })).statusCode).toBe(403);
    expect((await a.app.inject({ url: '/admin/inboxes', headers: { cookie } })).statusCode).toBe(403);
  });

  it('refuses a short password with the rule, keeping the page', async () => {
    const res = await adminPost('/admin/users', {
      email: 'x@agency.test',
      name: 'X',
      role: 'lead',
      password: 'short',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('at least 10 characters');
  });
});
