import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  cookieFrom,
  csrfFrom,
  injectLogin,
  NOW,
  seedReply,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';

/**
 * Issue 12 on the draft page (inject, real Redis): the text shown is what the client would read if approved
 * now; "send now" warns when the office is closed and sends now; a chosen time is answered honestly (refused
 * with the reason kept on the page, moved with a note in the flash); an angry reply's promised time can be
 * changed and the text follows, with and without the page's script.
 * The clock: Monday 23 Nov 2026 21:30 in Stockholm (closed); the next opening is Tuesday 09:00.
 */
const prefix = uniquePrefix('web-draft-approval');
const FORM = 'application/x-www-form-urlencoded';

let f: WebFixture;
let cookie: string;
beforeAll(async () => {
  f = await startWeb(prefix);
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterEach(() => f.clock.set(NOW));
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const page = (id: string, c = cookie) => f.app.inject({ url: `/drafts/${id}`, headers: { cookie: c } });
/** The textarea's text as the browser would submit it (entities decoded). */
const textarea = (html: string) =>
  (/<textarea id="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '';
const value = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

/** Posts the page's own approve form (with what the page showed), changed by `over`. */
async function submit(id: string, over: Record<string, string>, path = 'approve', shown?: string) {
  const html = shown ?? (await page(id)).body;
  const fields: Record<string, string> = {
    _csrf: csrfFrom(html),
    shown: hidden(html, 'shown'),
    subject: value(html, 'subject') ?? '',
    body: textarea(html).replace(/\n/g, '\r\n'), // as a browser posts a textarea
    sendAt: value(html, 'sendAt') ?? '',
    ...(value(html, 'promisedBy') !== undefined ? { promisedBy: value(html, 'promisedBy')! } : {}),
    action: 'approve',
    ...over,
  };
  return f.app.inject({
    method: 'POST',
    url: `/drafts/${id}/${path}`,
    headers: { cookie, 'content-type': FORM },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** The flash the next page shows after a redirect. */
async function flashAfter(res: { headers: Record<string, unknown> }) {
  const next = await f.app.inject({
    url: String(res.headers.location),
    headers: { cookie: cookieFrom(res.headers['set-cookie'] as string[]) || cookie },
  });
  return /<p class="flash" role="status">([\s\S]*?)<\/p>/.exec(next.body)?.[1] ?? '';
}

describe('the text shown is what the client would read if approved now', () => {
  it('renders an unedited reply again for the next opening (not the stale text stored when drafted)', async () => {
    const d = await seedReply(f, {
      kind: 'after-hours',
      fromName: 'Greta Holm',
      staleBody: 'Hi Greta,\n\nWe will be back on Wednesday.\n',
    });
    const html = (await page(d.id)).body;
    // Tuesday 09:00 the office is open: the note says so, in the words the template uses for it.
    expect(textarea(html)).toContain('We are back in the office now');
    expect(textarea(html)).toContain('Dear Greta,');
    expect(html).not.toContain('back on Wednesday');
    // Approved untouched: the service renders it for its real send time.
    const res = await submit(d.id, {});
    expect(res.statusCode).toBe(303);
    const stored = (await f.drafts.get(d.id))!;
    expect(stored).toMatchObject({ status: 'scheduled', edited: false });
    expect(stored.body).toContain('We are back in the office now');
  });
});

describe('send now', () => {
  it('warns when the office is closed, and sends now with the warning in the flash', async () => {
    const d = await seedReply(f, { kind: 'angry', fromName: 'Henrik Berg' });
    const html = (await page(d.id)).body;
    expect(html).toContain('id="send-now"');
    expect(html).toMatch(
      /id="send-now-warning">The office is closed now \(21:30, Europe\/Stockholm\): if you send now, the client learns night answers are possible/,
    );
    const res = await submit(d.id, { action: 'now' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queue');
    expect((await f.drafts.get(d.id))!).toMatchObject({
      status: 'scheduled',
      sendAt: '2026-11-23T20:30:00.000Z',
    });
    const flash = await flashAfter(res);
    expect(flash).toContain('It goes out Mon 23 Nov, 21:30');
    expect(flash).toContain(
      'Sent now, outside office hours: the client learns that answers at 21:30 are possible.',
    );
  });

  it('gives no warning while the office is open', async () => {
    f.clock.set('2026-11-24T09:00:00Z'); // Tuesday 10:00 in Stockholm
    const d = await seedReply(f, { kind: 'angry' });
    const html = (await page(d.id)).body;
    expect(html).toContain('id="send-now"');
    expect(html).not.toContain('send-now-warning');
  });

  it('is not offered for a payment reminder while the client’s office is closed (it keeps their hours)', async () => {
    const { seedPaymentReminder } = await import('../e2e/web-fixture.ts');
    const { draft } = await seedPaymentReminder(f, 1, { number: 'SN-1' });
    expect((await page(draft.id)).body).not.toContain('id="send-now"');
  });
});

describe('a chosen time, answered honestly', () => {
  it('moves a time outside office hours to the next opening and says so in the flash', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const res = await submit(d.id, { action: 'schedule', sendAt: '2026-11-24T06:30' });
    expect(res.statusCode).toBe(303);
    expect((await f.drafts.get(d.id))!.sendAt).toBe('2026-11-24T08:00:00.000Z');
    expect(await flashAfter(res)).toContain(
      'Moved to the next opening, Tue 24 Nov, 09:00: Tue 24 Nov, 06:30 is outside office hours (Europe/Stockholm).',
    );
  });

  it('refuses a time in the past: the reason stays on the page with the lead’s text', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const before = (await page(d.id)).body;
    const res = await submit(
      d.id,
      { action: 'schedule', sendAt: '2026-11-23T10:00', body: 'My own words, kept.' },
      'approve',
      before,
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Not approved: Mon 23 Nov, 10:00 (Europe/Stockholm) is in the past');
    expect(textarea(res.body)).toBe('My own words, kept.');
    expect(value(res.body, 'sendAt')).toBe('2026-11-23T10:00');
    expect((await f.drafts.get(d.id))!.status).toBe('pending');
  });

  it('refuses a time after the promised answer, naming both', async () => {
    const d = await seedReply(f, { kind: 'angry', promisedBy: '2026-11-24T12:00:00.000Z' });
    const res = await submit(d.id, { action: 'schedule', sendAt: '2026-11-25T10:00' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      'is after the answer promised to the client for Tue 24 Nov, 13:00: choose an earlier time or change the promise.',
    );
    expect((await f.drafts.get(d.id))!.status).toBe('pending');
  });
});

describe('the promised answer time', () => {
  it('shows the field for angry replies only', async () => {
    const angry = await seedReply(f, { kind: 'angry' });
    const note = await seedReply(f, { kind: 'after-hours' });
    expect(value((await page(angry.id)).body, 'promisedBy')).toBe('2026-11-25T09:00');
    expect((await page(note.id)).body).not.toContain('id="promisedBy"');
  });

  it('without script: "Update the text" shows the text for the new time; approving sends that text', async () => {
    const d = await seedReply(f, { kind: 'angry', fromName: 'Henrik Berg', urgent: true });
    const first = (await page(d.id)).body;
    expect(textarea(first)).toContain('by Wednesday 25 November, 09:00 (Stockholm time)');
    const preview = await submit(
      d.id,
      { action: 'preview', promisedBy: '2026-11-24T13:00' },
      'preview',
      first,
    );
    expect(preview.statusCode).toBe(200);
    expect(textarea(preview.body)).toContain('by Tuesday 24 November, 13:00 (Stockholm time)');
    expect(textarea(preview.body)).not.toContain('Wednesday');
    expect((await f.drafts.get(d.id))!.promisedBy).toBe('2026-11-25T08:00:00.000Z'); // a preview changes nothing

    const res = await submit(d.id, {}, 'approve', preview.body);
    expect(res.statusCode).toBe(303);
    const stored = (await f.drafts.get(d.id))!;
    expect(stored.promisedBy).toBe('2026-11-24T12:00:00.000Z');
    expect(stored.body).toContain('by Tuesday 24 November, 13:00 (Stockholm time)');
    expect(stored.edited).toBe(false);
    expect(stored.audit.at(-1)!.detail).toContain('edited promised time');
  });

  it('also when the lead changes the promise and approves at once (the text follows, it is no edit)', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const res = await submit(d.id, { promisedBy: '2026-11-24T15:30' });
    expect(res.statusCode).toBe(303);
    expect((await f.drafts.get(d.id))!.body).toContain('by Tuesday 24 November, 15:30 (Stockholm time)');
  });

  it('keeps a text the lead edited, and says so', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const first = (await page(d.id)).body;
    const mine = 'Dear Henrik,\n\nWe will call you at 10:00.\n\nLena';
    const preview = await submit(d.id, { promisedBy: '2026-11-24T13:00', body: mine }, 'preview', first);
    expect(textarea(preview.body)).toBe(mine);
    expect(preview.body).toMatch(/id="text-note">Your edited text is kept/);
    await submit(d.id, {}, 'approve', preview.body);
    const stored = (await f.drafts.get(d.id))!;
    expect(stored.body).toBe(mine);
    expect(stored).toMatchObject({ edited: true, promisedBy: '2026-11-24T12:00:00.000Z' });
  });

  it('refuses a promise in the past with the reason beside the field', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const preview = await submit(d.id, { promisedBy: '2026-11-23T08:00' }, 'preview');
    expect(preview.body).toMatch(
      /class="small field-hint bad" id="promise-hint" role="status">the promised time must be in the future/,
    );
    const res = await submit(d.id, { promisedBy: '2026-11-23T08:00' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Not approved: the promised time must be in the future');
  });

  it('answers the page’s script in JSON: the text for the promise and the answer for the chosen time', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const html = (await page(d.id)).body;
    const ask = (over: Record<string, string>, headers: Record<string, string> = {}) =>
      f.app.inject({
        method: 'POST',
        url: `/drafts/${d.id}/preview`,
        headers: { cookie, 'content-type': FORM, accept: 'application/json', ...headers },
        payload: new URLSearchParams({
          _csrf: csrfFrom(html),
          shown: hidden(html, 'shown'),
          body: textarea(html),
          sendAt: '2026-11-24T07:00',
          promisedBy: '2026-11-24T16:00',
          ...over,
        }).toString(),
      });
    const res = await ask({});
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.body).toContain('by Tuesday 24 November, 16:00 (Stockholm time)');
    expect(r).toMatchObject({ keptEdit: false, promiseRefused: null, goesOut: 'Tue 24 Nov, 09:00' });
    expect(r.chosen).toEqual({
      ok: true,
      text: 'Moved to the next opening, Tue 24 Nov, 09:00: Tue 24 Nov, 07:00 is outside office hours (Europe/Stockholm).',
    });
    expect(r.shown).not.toBe(hidden(html, 'shown'));
    const late = (await ask({ sendAt: '2026-11-25T10:00' })).json();
    expect(late.chosen.ok).toBe(false);
    expect(late.chosen.text).toContain('is after the answer promised to the client for Tue 24 Nov, 16:00');
    expect((await f.drafts.get(d.id))!.status).toBe('pending');
  });

  it('keeps the preview behind the same sign-in, CSRF and inbox rules', async () => {
    const d = await seedReply(f, { kind: 'angry' });
    const html = (await page(d.id)).body;
    const noToken = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/preview`,
      headers: { cookie, 'content-type': FORM, accept: 'application/json' },
      payload: 'promisedBy=2026-11-24T16:00',
    });
    expect(noToken.statusCode).toBe(403);
    const anonymous = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/preview`,
      headers: { 'content-type': FORM },
      payload: `_csrf=${encodeURIComponent(csrfFrom(html))}`,
    });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    const other = await injectLogin(f.app, USERS.otherLead);
    const otherPage = await f.app.inject({ url: '/queue', headers: { cookie: other.cookie } });
    const foreign = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/preview`,
      headers: { cookie: other.cookie, 'content-type': FORM, accept: 'application/json' },
      payload: `_csrf=${encodeURIComponent(csrfFrom(otherPage.body))}`,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Thank you');
  });
});
