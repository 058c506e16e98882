import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  cookieFrom,
  csrfFrom,
  injectLogin,
  SECOND_LEAD,
  seedReply,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * Two leads on one draft (issue 13, item 7) through the pages and the API: the form carries the version it started
 * from; each lead sees the other editing; a save or an approval on a draft changed since is refused — 409, naming
 * the other lead — and the page keeps the lead's text beside the other version, never overwriting silently.
 */
const prefix = uniquePrefix('web-draft-edits');
const FORM = 'application/x-www-form-urlencoded';
const AUTH = { authorization: 'Bearer test-token-0123456789' };
let f: WebFixture;
const jar: Record<'lena' | 'lea' | 'omar', string> = { lena: '', lea: '', omar: '' };

beforeAll(async () => {
  f = await startWeb(prefix, { secondLead: true });
  jar.lena = (await injectLogin(f.app, USERS.lead)).cookie;
  jar.lea = (await injectLogin(f.app, SECOND_LEAD.email)).cookie;
  jar.omar = (await injectLogin(f.app, USERS.otherLead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const open = (who: keyof typeof jar, d: DraftRecord) =>
  f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie: jar[who] } });

/** Posts the draft page's form as the browser would (its hidden fields, then the lead's changes). */
async function submit(
  who: keyof typeof jar,
  page: string,
  action: 'save' | 'approve',
  change: Record<string, string>,
) {
  const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page)?.[1] ?? '';
  const body = /<textarea id="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)?.[1] ?? '';
  const id = /action="\/drafts\/([^/]+)\/approve"/.exec(page)![1];
  const res = await f.app.inject({
    method: 'POST',
    url: `/drafts/${id}/${action}`,
    headers: { cookie: jar[who], 'content-type': FORM },
    payload: new URLSearchParams({
      _csrf: csrfFrom(page),
      shown: field('shown'),
      version: field('version'),
      subject: field('subject'),
      body: body
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
      action,
      ...change,
    }).toString(),
  });
  if (res.headers['set-cookie']) jar[who] = cookieFrom(res.headers['set-cookie']);
  return res;
}

const version = (html: string) => /name="version" id="version" value="(\d+)"/.exec(html)?.[1];

describe('two leads on one draft, in the pages', () => {
  it('each sees the other editing; the second save is refused naming the first, keeping both texts', async () => {
    const d = await seedReply(f, { kind: 'angry', fromName: 'Anna Berg', subject: 'Prices wrong' });
    const lenaPage = await open('lena', d);
    expect(version(lenaPage.body)).toBe('1');
    expect(lenaPage.body).toMatch(/id="editing"[^>]*hidden/);
    const leaPage = await open('lea', d);
    expect(leaPage.body).toContain('Lena Lead is editing this draft too.');
    expect((await open('lena', d)).body).toContain('Lea Nord is editing this draft too.');

    f.clock.set('2026-11-23T20:31:00Z');
    const saved = await submit('lena', lenaPage.body, 'save', {
      body: 'Dear Anna,\n\nWe are on it.\n\nLena',
    });
    expect(saved.statusCode).toBe(303);
    expect((await open('lena', d)).body).toContain('Saved. Your text goes out as you wrote it');
    expect((await f.drafts.get(d.id))!).toMatchObject({
      body: 'Dear Anna,\n\nWe are on it.\n\nLena',
      edited: true,
    });

    const refused = await submit('lea', leaPage.body, 'save', { body: 'Hello Anna, so sorry! Lea' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      'Not saved: Lena Lead changed this draft (edited, 21:31) after you opened it.',
    );
    expect(refused.body).toMatch(/<textarea id="body"[^>]*>Hello Anna, so sorry! Lea<\/textarea>/);
    expect(refused.body).toContain("<summary>Lena Lead's version (Mon 23 Nov, 21:31)</summary>");
    expect(refused.body).toMatch(/id="their-version"[\s\S]*?Dear Anna,\n\nWe are on it.\n\nLena/);
    expect(version(refused.body)).toBe('2');
    expect((await f.drafts.get(d.id))!.body).toBe('Dear Anna,\n\nWe are on it.\n\nLena');

    // Her approval from the old page is refused the same way…
    const stale = await submit('lea', leaPage.body, 'approve', { body: 'Hello Anna, so sorry! Lea' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Not approved: Lena Lead changed this draft');
    expect((await f.drafts.get(d.id))!.status).toBe('pending');
    // …and from the page that showed her both versions it is her decision to make.
    const decided = await submit('lea', refused.body, 'approve', {});
    expect(decided.statusCode).toBe(303);
    expect((await f.drafts.get(d.id))!).toMatchObject({
      status: 'scheduled',
      body: 'Hello Anna, so sorry! Lea',
    });
  });

  it('a colleague approved meanwhile: the lead’s unsaved text stays on the page to copy', async () => {
    const d = await seedReply(f, { kind: 'after-hours', fromName: 'Olle Ek', subject: 'Logo' });
    const leaPage = await open('lea', d);
    const lenaPage = await open('lena', d);
    expect((await submit('lena', lenaPage.body, 'approve', {})).statusCode).toBe(303);
    const refused = await submit('lea', leaPage.body, 'approve', { body: 'My own careful words' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Lena Lead changed this draft (approved');
    expect(refused.body).toMatch(/<textarea id="unsaved" readonly>My own careful words<\/textarea>/);
    expect((await f.drafts.get(d.id))!.body).not.toContain('My own careful words');
  });

  it('a save without a version, or with nothing changed, changes nothing', async () => {
    const d = await seedReply(f, { kind: 'after-hours', subject: 'Nothing' });
    const page = await open('lena', d);
    const noVersion = await submit('lena', page.body, 'save', { version: '', body: 'Changed' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.body).toContain('This form is out of date. Reload the page and edit again.');
    expect((await submit('lena', page.body, 'save', {})).statusCode).toBe(303);
    expect((await open('lena', d)).body).toContain('Nothing to save');
    expect((await f.drafts.get(d.id))!.audit).toHaveLength(1);
  });

  it('refuses a save without the CSRF token, and another inbox’s lead gets 404', async () => {
    const d = await seedReply(f, { kind: 'after-hours', subject: 'Guarded' });
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/save`,
      headers: { cookie: jar.lena, 'content-type': FORM },
      payload: new URLSearchParams({ version: '1', body: 'x' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    const csrf = csrfFrom((await f.app.inject({ url: '/queue', headers: { cookie: jar.omar } })).body);
    const omar = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/save`,
      headers: { cookie: jar.omar, 'content-type': FORM },
      payload: new URLSearchParams({ _csrf: csrf, version: '1', body: 'x' }).toString(),
    });
    expect(omar.statusCode).toBe(404);
    expect((await f.drafts.get(d.id))!.audit).toHaveLength(1);
  });
});

describe('two leads on one draft, in the API', () => {
  it('shows the version, answers the heartbeat, and refuses a stale save or approval with 409 naming who', async () => {
    const d = await seedReply(f, { kind: 'angry', subject: 'API edits' });
    const got = await f.app.inject({ url: `/api/drafts/${d.id}`, headers: AUTH });
    expect(got.json().draft.version).toBe(1);

    // The page's script: the session cookie and the page's CSRF token in x-csrf-token.
    const page = await open('lea', d);
    const beat = (who: keyof typeof jar, csrf?: string) =>
      f.app.inject({
        method: 'POST',
        url: `/api/drafts/${d.id}/editing`,
        headers: { cookie: jar[who], ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
    expect((await beat('lea')).statusCode).toBe(403);
    const lenaPage = await open('lena', d);
    expect((await beat('lea', csrfFrom(page.body))).json()).toEqual({
      editing: [{ actor: USERS.lead, name: 'Lena Lead' }],
    });
    expect((await beat('lena', csrfFrom(lenaPage.body))).json()).toEqual({
      editing: [{ actor: SECOND_LEAD.email, name: 'Lea Nord' }],
    });
    const omar = await f.app.inject({ url: '/queue', headers: { cookie: jar.omar } });
    expect((await beat('omar', csrfFrom(omar.body))).statusCode).toBe(404);

    const save = (body: Record<string, unknown>) =>
      f.app.inject({ method: 'POST', url: `/api/drafts/${d.id}/edits`, headers: AUTH, payload: body });
    const first = await save({ body: 'Version by the API', version: 1 });
    expect(first.statusCode).toBe(200);
    expect(first.json().draft).toMatchObject({ body: 'Version by the API', version: 2 });
    const second = await save({ body: 'A stale save', version: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({
      error: 'edit_conflict',
      message: expect.stringContaining('the API client "test" changed this draft (edited, 21:31)'),
    });
    const asLea = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/approve`,
      headers: { cookie: jar.lea, 'x-csrf-token': csrfFrom(page.body) },
      payload: { version: 1 },
    });
    expect(asLea.statusCode).toBe(409);
    expect(asLea.json().error).toBe('edit_conflict');
    expect((await f.drafts.get(d.id))!).toMatchObject({ status: 'pending', body: 'Version by the API' });
    expect((await save({ body: 'x' })).statusCode).toBe(400);
  });
});
