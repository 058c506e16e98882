import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  cookieFrom,
  csrfFrom,
  injectLogin,
  seedWaiting,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';
import type { CommitmentRecord } from '../../src/model/commitment-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * Issue 13 in the web view: the "Due soon / Overdue" section at the top of the queue, the nav badge on every page,
 * "Take" and "No answer needed" (plain forms with CSRF), the thread box on the draft page, and the access rule
 * (another lead's commitment is "not found"). The clock: Monday 23 Nov 2026 21:30 in Stockholm.
 */
const prefix = uniquePrefix('web-commitments');
const FORM = 'application/x-www-form-urlencoded';
let f: WebFixture;
let cookie: string;
let overdue: { commitment: CommitmentRecord; draft: DraftRecord | null };
let dueSoon: { commitment: CommitmentRecord; draft: DraftRecord | null };
let later: { commitment: CommitmentRecord; draft: DraftRecord | null };
let theirs: { commitment: CommitmentRecord; draft: DraftRecord | null };

beforeAll(async () => {
  f = await startWeb(prefix);
  // Angry at 09:30: four business hours, due 13:30, overdue by 8 h at 21:30.
  overdue = await seedWaiting(f, {
    kind: 'angry',
    fromName: 'Henrik <b>Berg</b>',
    from: 'henrik@berg.test',
    subject: 'Booking page <script>x</script>',
    text: 'The booking page is broken again. When will it be fixed?',
    receivedAt: '2026-11-23T08:30:00Z',
  });
  // An ordinary question at 09:30: eight business hours, due Tuesday 09:30; its "due soon" came at 16:30.
  dueSoon = await seedWaiting(f, {
    kind: 'after-hours',
    fromName: 'Greta Holm',
    from: 'greta@holm.test',
    subject: 'Logo files',
    text: 'Could you send the logo files for the print shop?',
    receivedAt: '2026-11-23T08:30:00Z',
    draft: false,
  });
  // At 15:00: due Tuesday 15:00, due soon only from Tuesday 13:00.
  later = await seedWaiting(f, {
    fromName: 'Olle Ek',
    from: 'olle@ek.test',
    subject: 'Menu',
    text: 'Can we change the menu?',
    receivedAt: '2026-11-23T14:00:00Z',
  });
  theirs = await seedWaiting(f, {
    inbox: 'other',
    kind: 'angry',
    fromName: 'Other Client',
    from: 'secret@other.test',
    subject: 'Other inbox secret',
    text: 'Where is my report?',
    receivedAt: '2026-11-20T14:00:00Z',
  });
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const section = (html: string) => /<section class="attention"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
const badge = (html: string) => /id="nav-badge-n">(\d+)</.exec(html)?.[1];

/** A form POST as the browser sends it; the answer's session cookie (with its flash) is kept, as a browser would. */
async function post(url: string, fields: Record<string, string>) {
  const res = await f.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': FORM },
    payload: new URLSearchParams(fields).toString(),
  });
  if (res.headers['set-cookie']) cookie = cookieFrom(res.headers['set-cookie']);
  return res;
}

describe('the "Due soon / Overdue" section and the badge', () => {
  it('lists the overdue and the due-soon commitment, oldest reply-by time first, on the inbox clock', async () => {
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const s = section(page.body);
    const ids = [...s.matchAll(/data-commitment="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([overdue.commitment.id, dueSoon.commitment.id]);
    expect(s).toContain('overdue by 8 h');
    expect(s).toContain('title="Mon 23 Nov, 13:30"');
    expect(s).toContain('due tomorrow 09:30');
    expect(s).toContain('Nobody has taken it');
    // Client-supplied names and subjects are text, never markup.
    expect(s).toContain('Henrik &lt;b&gt;Berg&lt;/b&gt;');
    expect(s).toContain('Booking page &lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toContain('<script>x</script>');
    // The client's name leads to their record; the subject to the draft that answers it.
    expect(s).toContain('href="/clients/henrik%40berg.test"');
    expect(s).toContain(`href="/drafts/${overdue.draft!.id}"`);
    expect(s).not.toContain('Menu');
    expect(page.body).not.toContain('Other inbox secret');
    expect(badge(page.body)).toBe('2');
  });

  it('shows the badge on every page, and the live list carries the section and its count', async () => {
    for (const url of [
      '/invoices',
      '/scheduled',
      '/audit',
      '/reports/response',
      `/drafts/${later.draft!.id}`,
    ]) {
      const page = await f.app.inject({ url, headers: { cookie } });
      expect(page.statusCode, url).toBe(200);
      expect(badge(page.body), url).toBe('2');
    }
    const live = await f.app.inject({ url: '/queue/fragment', headers: { cookie } });
    expect(live.body).toContain('data-attention-count="2"');
    expect(section(live.body)).toContain('overdue by 8 h');
    expect(csrfFrom(live.body)).toBeTruthy();
    // Omar's inbox has its own overdue client; Lena's badge never counted it.
    const omar = (await injectLogin(f.app, USERS.otherLead)).cookie;
    const other = await f.app.inject({ url: '/queue', headers: { cookie: omar } });
    expect(badge(other.body)).toBe('1');
    expect(section(other.body)).toContain('Other inbox secret');
  });

  it('the live list changes its fingerprint when a deadline moves into the section', async () => {
    const before = await f.app.inject({ url: '/queue/fragment', headers: { cookie } });
    f.clock.set('2026-11-24T12:30:00Z'); // Tuesday 13:30: "Menu" is due soon now
    try {
      const after = await f.app.inject({ url: '/queue/fragment', headers: { cookie } });
      const fp = (h: string) => /data-fingerprint="([^"]+)"/.exec(h)?.[1];
      expect(fp(after.body)).not.toBe(fp(before.body));
      expect(section(after.body)).toContain('Menu');
      expect(section(after.body)).toContain('due today 15:00');
    } finally {
      f.clock.set('2026-11-23T20:30:00Z');
    }
  });
});

describe('Take, give back and "No answer needed"', () => {
  it('take: the thread is Lena’s, the queue and the draft page say so', async () => {
    const csrf = csrfFrom((await f.app.inject({ url: '/queue', headers: { cookie } })).body);
    const res = await post(`/commitments/${overdue.commitment.id}/take`, { _csrf: csrf, back: '/queue' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queue');
    expect((await f.ctx.stores.commitments.get(overdue.commitment.id))!.owner).toBe(USERS.lead);
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(page.body).toContain('You took the thread of Henrik &lt;b&gt;Berg&lt;/b&gt;');
    expect(section(page.body)).toContain('Yours');
    expect(page.body).toMatch(new RegExp(`data-draft="${overdue.draft!.id}"[\\s\\S]*?class="owner">yours<`));
    const draft = await f.app.inject({ url: `/drafts/${overdue.draft!.id}`, headers: { cookie } });
    expect(draft.body).toContain('You took this thread: its alerts go to you.');
    expect(draft.body).toContain('id="release-thread"');
    expect(draft.body).toContain('overdue by 8 h');
  });

  it('give back from the draft page, which it comes back to', async () => {
    const page = await f.app.inject({ url: `/drafts/${overdue.draft!.id}`, headers: { cookie } });
    const back = `/drafts/${overdue.draft!.id}`;
    const res = await post(`/commitments/${overdue.commitment.id}/release`, {
      _csrf: csrfFrom(page.body),
      back,
    });
    expect(res.headers.location).toBe(back);
    expect((await f.ctx.stores.commitments.get(overdue.commitment.id))!.owner).toBeNull();
    const again = await f.app.inject({ url: back, headers: { cookie } });
    expect(again.body).toContain('id="take-thread"');
    expect(again.body).toContain('Take this thread');
  });

  it('no answer needed: the commitment is closed and leaves the section and the badge', async () => {
    const csrf = csrfFrom((await f.app.inject({ url: '/queue', headers: { cookie } })).body);
    const res = await post(`/commitments/${dueSoon.commitment.id}/close`, { _csrf: csrf, back: '/queue' });
    expect(res.statusCode).toBe(303);
    expect((await f.ctx.stores.commitments.get(dueSoon.commitment.id))!).toMatchObject({
      status: 'closed',
      history: expect.arrayContaining([expect.objectContaining({ actor: USERS.lead, action: 'closed' })]),
    });
    const page = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(section(page.body)).not.toContain(dueSoon.commitment.id);
    expect(badge(page.body)).toBe('1');
    // Closing it twice is refused with the reason, as a flash.
    const twice = await post(`/commitments/${dueSoon.commitment.id}/close`, { _csrf: csrf, back: '/queue' });
    expect(twice.statusCode).toBe(303);
    const flash = await f.app.inject({ url: '/queue', headers: { cookie } });
    expect(flash.body).toContain('Not done: cannot close a commitment that is closed.');
  });

  it('refuses every action without the CSRF token, and answers 404 for another inbox’s commitment', async () => {
    for (const action of ['take', 'release', 'close']) {
      const noToken = await post(`/commitments/${overdue.commitment.id}/${action}`, { back: '/queue' });
      expect(noToken.statusCode, action).toBe(403);
    }
    expect((await f.ctx.stores.commitments.get(overdue.commitment.id))!).toMatchObject({
      status: 'open',
      owner: null,
    });
    const csrf = csrfFrom((await f.app.inject({ url: '/queue', headers: { cookie } })).body);
    for (const action of ['take', 'release', 'close']) {
      const res = await post(`/commitments/${theirs.commitment.id}/${action}`, { _csrf: csrf });
      expect(res.statusCode, action).toBe(404);
      expect(res.body).not.toContain('Other inbox secret');
    }
    expect((await f.ctx.stores.commitments.get(theirs.commitment.id))!).toMatchObject({
      status: 'open',
      owner: null,
    });
    // An open redirect through `back` is not followed.
    const away = await post(`/commitments/${overdue.commitment.id}/take`, {
      _csrf: csrf,
      back: '//evil.test/x',
    });
    expect(away.headers.location).toBe('/queue');
  });

  it('taking a thread another lead holds needs "Take over", and says who holds it', async () => {
    await f.ctx.stores.commitments.update(later.commitment.id, (c) => ({ ...c, owner: 'ada@agency.test' }));
    const page = await f.app.inject({ url: `/drafts/${later.draft!.id}`, headers: { cookie } });
    expect(page.body).toContain('Taken by Ada Admin.');
    expect(page.body).toContain('Take over from Ada Admin');
    const csrf = csrfFrom(page.body);
    const plain = await post(`/commitments/${later.commitment.id}/take`, { _csrf: csrf, back: '/queue' });
    expect(plain.statusCode).toBe(303);
    expect((await f.app.inject({ url: '/queue', headers: { cookie } })).body).toContain(
      'Not done: Ada Admin has taken this thread.',
    );
    await post(`/commitments/${later.commitment.id}/take`, { _csrf: csrf, force: '1', back: '/queue' });
    expect((await f.ctx.stores.commitments.get(later.commitment.id))!.owner).toBe(USERS.lead);
  });
});
