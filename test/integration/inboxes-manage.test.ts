import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newMailUser, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig } from '../harness/config.ts';
import { waitFor, waitUntil } from '../harness/wait.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { startRoles, type Service } from '../../src/workers/run.ts';
import { addPasswordInbox, editInbox, removeInbox, setPaused } from '../../src/inboxes/inbox-service.ts';
import { testConnection } from '../../src/inboxes/connection-test.ts';
import { listInboxes } from '../../src/inboxes/inbox-list.ts';
import { hashPassword } from '../../src/users/passwords.ts';
import { buildApp } from '../../src/web/app.ts';
import { csrfFrom, injectLogin } from '../e2e/web-fixture.ts';
import { keyRing, newKey, oauthForm } from './oauth-support.ts';

/**
 * Inboxes managed in the web view take effect without a restart on every node: node A (web) adds, edits, pauses
 * and removes; node B (poller + ingest, its own process state) follows within seconds. Every change audited.
 * The edit form itself (node A's pages through app.inject): holiday types and open days, refused input shown
 * next to its field and kept.
 */
const prefix = uniquePrefix('inboxes-manage');
const KEY = newKey();
const mail = newMailUser('manage');
let a: OwnedContext;
let b: OwnedContext;
let bService: Service;
let web: FastifyInstance;
let admin: string;
const ADMIN = 'ada@agency.test';
const ADMIN_PW = 'admin password for the test';
let adminHash: string;

function node(): OwnedContext {
  const extra = {
    users: [{ email: ADMIN, name: 'Ada', role: 'admin', passwordHash: adminHash }],
    web: { host: '127.0.0.1', port: 0, sessionSecret: 'a-test-session-secret-of-at-least-32-chars' },
  };
  return createContext(testConfig({ prefix, inboxes: [], extra }), {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keyRing(KEY),
    registryPollMs: 250,
  });
}

beforeAll(async () => {
  adminHash = await hashPassword(ADMIN_PW);
  a = node();
  await a.registry.start();
  b = node();
  bService = await startRoles(b, ['poller', 'worker'], ['ingest']);
  web = await buildApp(a);
  admin = (await injectLogin(web, ADMIN, ADMIN_PW)).cookie;
});

afterAll(async () => {
  await web?.close();
  await bService?.close();
  await b?.close();
  await a?.close();
  await wipePrefix(prefix);
});

const form = (over: Record<string, string> = {}) => ({
  ...oauthForm(
    { host: mail.host, port: mail.port },
    { kind: 'password', id: 'studio', address: mail.address },
  ),
  imapUser: mail.user,
  imapPass: mail.pass,
  ...over,
});

describe('inboxes managed in the web view', () => {
  it('tells a wrong password apart in the connection test', async () => {
    await addPasswordInbox(a, 'ada@agency.test', form({ id: 'wrong', imapPass: 'not the password' }));
    const checks = await testConnection(a, 'wrong');
    expect(checks[0]).toMatchObject({ status: 'fail', detail: 'login refused' });
    await removeInbox(a, 'ada@agency.test', 'wrong');
  });

  it('an inbox added on one node is polled by another within seconds, no restart', async () => {
    await appendMessages({ host: mail.host, port: mail.port, user: mail.user, pass: mail.pass }, [
      'Subject: one\r\n\r\nHello\r\n',
    ]);
    await addPasswordInbox(a, 'ada@agency.test', form());
    expect((await testConnection(a, 'studio')).map((c) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'warn',
    ]);
    await waitUntil(
      () => b.stores.messages.count('studio'),
      (n) => n === 1,
    );
    expect(b.config.inboxes.map((i) => i.id)).toEqual(['studio']);
  });

  it('edits reach the other node; pause stops its poller, resume starts it again', async () => {
    await editInbox(a, 'ada@agency.test', 'studio', {
      officeHours: {
        mon: ['08:00-12:00', '13:00-16:00'],
        tue: [],
        wed: [],
        thu: [],
        fri: ['09:00-15:00'],
        sat: [],
        sun: [],
      },
      holidays: { country: 'SE', closed: ['2026-12-24'] },
      language: 'sv',
      autoSend: { 'after-hours': false, angry: false, 'payment-reminder': false },
    });
    await waitFor(
      () => b.config.inboxes.find((i) => i.id === 'studio')?.language === 'sv',
      'the edit on node B',
    );
    const edited = b.config.inboxes.find((i) => i.id === 'studio')!;
    expect(edited.officeHours.mon).toEqual(['08:00-12:00', '13:00-16:00']);
    // The form has no fields for holidays.types and .open: the defaults fill them in.
    expect(edited.holidays).toEqual({
      country: 'SE',
      types: ['public', 'bank'],
      closed: ['2026-12-24'],
      open: [],
    });
    expect(edited.autoSend['after-hours']).toBe(false);
    await expect(
      editInbox(a, 'ada@agency.test', 'studio', {
        officeHours: { mon: ['9-17'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      }),
    ).rejects.toThrow(/officeHours\.mon\[0\]: "9-17" is not HH:MM-HH:MM/);

    await setPaused(a, 'ada@agency.test', 'studio', true);
    await waitFor(
      async () => (await b.stores.leases.pollerHolder('studio')) === null,
      'the poller to let go',
    );
    expect((await listInboxes(a)).find((i) => i.id === 'studio')?.state).toBe('paused');
    await appendMessages({ host: mail.host, port: mail.port, user: mail.user, pass: mail.pass }, [
      'Subject: two\r\n\r\nHello\r\n',
    ]);
    await setPaused(a, 'ada@agency.test', 'studio', false);
    await waitUntil(
      () => b.stores.messages.count('studio'),
      (n) => n === 2,
    );
  });

  it('a removed inbox stops everywhere, and every change was audited', async () => {
    await removeInbox(a, 'ada@agency.test', 'studio');
    await waitFor(() => !b.config.inboxes.some((i) => i.id === 'studio'), 'node B to drop the inbox');
    await waitFor(async () => (await b.stores.leases.pollerHolder('studio')) === null, 'the poller to stop');
    const actions = (await a.stores.adminLog.recentAudit())
      .filter((e) => e.target === 'studio')
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual(['inbox.add', 'inbox.edit', 'inbox.pause', 'inbox.resume', 'inbox.remove']);
  });
});

/** The edit form as a browser sends it: every field, repeated `types` for the ticked boxes. */
async function postEdit(id: string, over: Record<string, string | string[]> = {}, csrf = true) {
  const page = await web.inject({ url: `/admin/inboxes/${id}`, headers: { cookie: admin } });
  const fields: Record<string, string | string[]> = {
    timezone: 'Europe/Stockholm',
    hours_mon: '09:00-17:00',
    hours_tue: '09:00-17:00',
    country: 'se',
    types: ['', 'public', 'bank'],
    closed: '',
    open: '',
    language: 'sv',
    ...over,
  };
  const body = new URLSearchParams(csrf ? { _csrf: csrfFrom(page.body) } : {});
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return web.inject({
    method: 'POST',
    url: `/admin/inboxes/${id}/edit`,
    headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

const holidaysOf = (ctx: OwnedContext, id: string) => ctx.config.inboxes.find((i) => i.id === id)?.holidays;

describe('the inbox edit form: holiday types and open days', () => {
  beforeAll(async () => {
    // Never polled successfully (wrong password): only its settings matter here.
    await addPasswordInbox(a, ADMIN, form({ id: 'desk', imapPass: 'not the password' }));
  });
  afterAll(async () => {
    await removeInbox(a, ADMIN, 'desk');
  });

  it('shows public and bank holidays ticked by default, and the next holiday that closes the office', async () => {
    const page = await web.inject({ url: '/admin/inboxes/desk', headers: { cookie: admin } });
    expect(page.statusCode).toBe(200);
    const ticked = [...page.body.matchAll(/name="types" value="(\w+)" checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(['public', 'bank']);
    expect(page.body).toContain(
      'Bank holidays (e.g. Christmas Eve, Midsummer Eve, New Year&#39;s Eve in Sweden)',
    );
    expect(page.body).toContain('name="open" value=""');
    // No country yet: the doctor's warning, in its words.
    expect(page.body).toContain(
      'no country set: holidays count as working days (only the closed days listed close the office)',
    );
  });

  it('saves the ticked types and the open days; another node follows without a restart', async () => {
    const res = await postEdit('desk', {
      types: ['', 'public', 'bank', 'optional'],
      closed: '2026-12-28',
      open: '2026-12-24, 2026-12-31',
    });
    expect(res.statusCode).toBe(303);
    const saved = {
      country: 'SE',
      types: ['public', 'bank', 'optional'],
      closed: ['2026-12-28'],
      open: ['2026-12-24', '2026-12-31'],
    };
    expect(holidaysOf(a, 'desk')).toEqual(saved);
    await waitFor(() => holidaysOf(b, 'desk')?.types.includes('optional') === true, 'the edit on node B');
    expect(holidaysOf(b, 'desk')).toEqual(saved);
    const page = await web.inject({ url: '/admin/inboxes/desk', headers: { cookie: admin } });
    const ticked = [...page.body.matchAll(/name="types" value="(\w+)" checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(['public', 'bank', 'optional']);
    expect(page.body).toContain('name="open" value="2026-12-24, 2026-12-31"');
    expect(page.body).toContain('SE is known; closed on public, bank and optional holidays, next ');
  });

  it('no box ticked means no holiday closes the office; a form without the boxes keeps the default', async () => {
    expect((await postEdit('desk', { types: '' })).statusCode).toBe(303);
    expect(holidaysOf(a, 'desk')?.types).toEqual([]);
    const page = await web.inject({ url: '/admin/inboxes/desk', headers: { cookie: admin } });
    expect(page.body).not.toMatch(/name="types" value="\w+" checked/);
    expect(page.body).toContain('holidays.types is empty: no holiday closes the office');
    // A page loaded before the boxes existed sends no `types` at all.
    expect((await postEdit('desk', { types: [] })).statusCode).toBe(303);
    expect(holidaysOf(a, 'desk')?.types).toEqual(['public', 'bank']);
  });

  it('refuses a day both closed and open with 400, next to the open field, keeping what was typed', async () => {
    const before = holidaysOf(a, 'desk');
    const res = await postEdit('desk', {
      types: ['', 'public', 'school'],
      closed: '2026-12-24',
      open: '2026-12-24',
      hours_mon: '08:00-12:00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(
      /id="e-open" name="open" value="2026-12-24" aria-invalid="true" aria-describedby="e-open-error">\s*<p class="error field-error" id="e-open-error">2026-12-24 is also in closed: a day cannot be both closed and open<\/p>/,
    );
    expect(res.body).toContain('Not saved: check the holidays.');
    expect(res.body).toContain('name="closed" value="2026-12-24"');
    expect(res.body).toContain('name="hours_mon" value="08:00-12:00"');
    const ticked = [...res.body.matchAll(/name="types" value="(\w+)" checked/g)].map((m) => m[1]);
    expect(ticked).toEqual(['public', 'school']);
    expect(holidaysOf(a, 'desk')).toEqual(before);
  });

  it('names a bad date and an unknown type by their value, escaped', async () => {
    const res = await postEdit('desk', {
      types: ['', 'public', '<b>feast</b>'],
      closed: '2026-12-24, 2026-13-01',
      open: '<script>x</script>',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      '<p class="error field-error" id="e-closed-error">&quot;2026-13-01&quot; is not a YYYY-MM-DD date</p>',
    );
    expect(res.body).toContain(
      'id="e-open-error">&quot;&lt;script&gt;x&lt;/script&gt;&quot; is not a YYYY-MM-DD date',
    );
    expect(res.body).toContain(
      'id="e-types-error">&quot;&lt;b&gt;feast&lt;/b&gt;&quot; is not a date-holidays type: use public, bank, school, optional, observance',
    );
    expect(res.body).toContain('name="open" value="&lt;script&gt;x&lt;/script&gt;"');
    expect(res.body).not.toContain('<script>x');
  });

  it('shows other refused settings above the form, keeping the holidays typed', async () => {
    const res = await postEdit('desk', { hours_mon: '9-17', open: '2026-12-24' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Not saved: officeHours.mon[0]: &quot;9-17&quot; is not HH:MM-HH:MM');
    expect(res.body).toContain('name="open" value="2026-12-24"');
  });

  it('refuses a form without its CSRF token', async () => {
    const before = holidaysOf(a, 'desk');
    expect((await postEdit('desk', { open: '2026-12-31' }, false)).statusCode).toBe(403);
    expect(holidaysOf(a, 'desk')).toEqual(before);
  });
});
