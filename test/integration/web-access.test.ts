import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { csrfFrom, injectLogin, seedDraft, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

const prefix = uniquePrefix('web-access');
let f: WebFixture;
let mine: DraftRecord;
let theirs: DraftRecord;
let cookie: string;
beforeAll(async () => {
  f = await startWeb(prefix);
  mine = await seedDraft(f, { inbox: 'studio', subject: 'Studio question', html: '<p>hi <b>there</b></p>' });
  theirs = await seedDraft(f, { inbox: 'other', subject: 'Other inbox secret', html: '<p>secret</p>' });
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const FORM = 'application/x-www-form-urlencoded';

describe('a lead sees and acts only on their own inboxes', () => {
  it('lists only drafts of assigned inboxes in the queue and the API', async () => {
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(page.body).toContain('Studio question');
    expect(page.body).not.toContain('Other inbox secret');
    const api = await f.app.inject({ url: '/api/drafts', headers: { cookie } });
    const ids = (api.json() as { drafts?: Array<{ id: string }> }).drafts?.map((d) => d.id) ?? [];
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
  });

  it('cannot open, frame, approve or reject a draft of another inbox by URL', async () => {
    const open = await f.app.inject({ url: `/drafts/${theirs.id}`, headers: { cookie } });
    expect(open.statusCode).toBe(404);
    expect(open.body).not.toContain('Other inbox secret');
    const frame = await f.app.inject({ url: `/drafts/${theirs.id}/message`, headers: { cookie } });
    expect(frame.statusCode).toBe(404);
    const csrf = csrfFrom((await f.app.inject({ url: '/queue', headers: { cookie } })).body);
    for (const action of ['approve', 'reject', 'retry']) {
      const r = await f.app.inject({
        method: 'POST',
        url: `/drafts/${theirs.id}/${action}`,
        headers: { cookie, 'content-type': FORM },
        payload: new URLSearchParams({ _csrf: csrf, action: 'approve', reason: 'x' }).toString(),
      });
      expect(r.statusCode, action).toBe(404);
    }
    const api = await f.app.inject({ url: `/api/drafts/${theirs.id}`, headers: { cookie } });
    expect(api.statusCode).toBe(404);
    expect((await f.drafts.get(theirs.id))!.status).toBe('pending');
  });

  it('keeps admin pages from leads (403) and opens them for admins', async () => {
    expect((await f.app.inject({ url: '/admin', headers: { cookie } })).statusCode).toBe(403);
    expect((await f.app.inject({ url: '/admin/queues', headers: { cookie } })).statusCode).toBe(403);
    const admin = (await injectLogin(f.app, USERS.admin)).cookie;
    const page = await f.app.inject({ url: '/admin', headers: { cookie: admin } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('idle (connected)');
    const board = await f.app.inject({ url: '/admin/queues', headers: { cookie: admin } });
    expect(board.statusCode).toBe(200);
    const anon = await f.app.inject({ url: '/admin/queues' });
    expect(anon.statusCode).toBe(303);
    // The dashboard's own API has no CSRF token: cross-site unsafe requests are refused by origin.
    const crossSite = await f.app.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/send/pause',
      headers: { cookie: admin, origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(await f.ctx.queues.send.isPaused()).toBe(false);
    // The same request from the dashboard itself works (proves the check is what refused it).
    const sameSite = await f.app.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/send/pause',
      headers: { cookie: admin, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameSite.statusCode).toBeLessThan(300);
    expect(await f.ctx.queues.send.isPaused()).toBe(true);
    await f.ctx.queues.send.resume();
  });

  it('serves the client HTML only with a sandboxing CSP, images blocked until asked for', async () => {
    const res = await f.app.inject({ url: `/drafts/${mine.id}/message`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/(^|; )sandbox(;|$)/);
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('https:');
    const withImages = await f.app.inject({
      url: `/drafts/${mine.id}/message?images=1`,
      headers: { cookie },
    });
    expect(String(withImages.headers['content-security-policy'])).toContain('https:');
  });
});

describe('approving through the page', () => {
  it('schedules at the next opening, records who did it, and shows it in Scheduled and Audit', async () => {
    const d = await seedDraft(f, { subject: 'Approve me' });
    const page = await f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie } });
    expect(page.body).toContain('Tue 24 Nov, 09:00');
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/approve`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        action: 'approve',
        subject: 'Re: Approve me (edited)',
        body: 'Edited body',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const stored = (await f.drafts.get(d.id))!;
    expect(stored.status).toBe('scheduled');
    expect(stored.sendAt).toBe('2026-11-24T08:00:00.000Z'); // 09:00 Stockholm
    expect(stored.subject).toBe('Re: Approve me (edited)');
    const scheduled = await f.app.inject({ url: '/scheduled', headers: { cookie } });
    expect(scheduled.body).toContain('Re: Approve me (edited)');
    const audit = await f.app.inject({ url: '/audit', headers: { cookie } });
    // In words, on the inbox's clock: the user's name, never their e-mail or an ISO timestamp.
    expect(audit.body).toContain(
      'Approved by Lena Lead — goes out Tue 24 Nov, 09:00; edited subject and body',
    );
    expect(audit.body).not.toMatch(/2026-11-24T08:00/);
  });

  it('honours "send at" in the inbox time zone', async () => {
    // An angry reply: an after-hours note two days late is withdrawn instead (src/drafts/service.ts).
    const d = await seedDraft(f, { kind: 'angry' });
    const page = await f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie } });
    await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/approve`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        action: 'schedule',
        sendAt: '2026-11-25T14:30',
      }).toString(),
    });
    expect((await f.drafts.get(d.id))!.sendAt).toBe('2026-11-25T13:30:00.000Z');
  });
});

describe('rejecting, failures and the messages page', () => {
  it('rejects with a reason that lands in the audit trail', async () => {
    const d = await seedDraft(f, { subject: 'Reject me' });
    const page = await f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie } });
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/reject`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({
        _csrf: csrfFrom(page.body),
        reason: 'client already called',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect((await f.drafts.get(d.id))!.status).toBe('rejected');
    const audit = await f.app.inject({ url: '/audit', headers: { cookie } });
    expect(audit.body).toContain('client already called');
  });

  it('lists a failed send with its SMTP reason and retries it from the Scheduled page', async () => {
    const d = await seedDraft(f, { subject: 'Bounced' });
    await f.drafts.transition(d.id, {
      from: ['pending'],
      to: 'failed',
      actor: 'tactful',
      action: 'failed',
      patch: { error: '550 5.1.1 <x@client.test>: Recipient address rejected' },
    });
    const page = await f.app.inject({ url: '/scheduled', headers: { cookie } });
    expect(page.body).toContain('550 5.1.1 &lt;x@client.test&gt;: Recipient address rejected');
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/retry`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body) }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/scheduled');
    expect((await f.drafts.get(d.id))!).toMatchObject({ status: 'scheduled', error: null });
  });

  it('explains a refused action (already approved) instead of failing', async () => {
    const d = await seedDraft(f);
    const page = await f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie } });
    const post = () =>
      f.app.inject({
        method: 'POST',
        url: `/drafts/${d.id}/approve`,
        headers: { cookie, 'content-type': FORM },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body), action: 'approve' }).toString(),
      });
    expect((await post()).statusCode).toBe(303);
    const again = await post();
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/drafts/${d.id}`);
    const shown = await f.app.inject({
      url: `/drafts/${d.id}`,
      headers: {
        cookie: again.headers['set-cookie'] ? String(again.headers['set-cookie']).split(';')[0]! : cookie,
      },
    });
    expect(shown.body).toContain('cannot approve a draft that is scheduled');
  });

  it('shows the latest messages of assigned inboxes with their triage', async () => {
    const page = await f.app.inject({ url: '/messages', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Studio question');
    expect(page.body).toContain('tag-after-hours');
    expect(page.body).not.toContain('Other inbox secret');
  });
});
