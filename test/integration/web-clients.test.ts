import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  cookieFrom,
  csrfFrom,
  injectLogin,
  seedPaymentReminder,
  seedWaiting,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * The client record page (issue 13, item 5): one client or everyone at a domain — messages both ways in order,
 * tone over time as a small server-drawn line, reply-by promises kept and breached, invoices with reminders, and
 * leads' notes (a form with CSRF); reachable from the queue and every draft page; another lead's client is "not
 * found"; everything a client or a lead wrote is text, never markup.
 */
const prefix = uniquePrefix('web-clients');
const FORM = 'application/x-www-form-urlencoded';
const ANNA = 'anna@client.test';
const NASTY = '<img src=x onerror="window.__pwned=1">';
let f: WebFixture;
let cookie: string;
let angryDraft: DraftRecord;

beforeAll(async () => {
  f = await startWeb(prefix);
  // Friday: a question, answered from a mail client an hour later (filed in Sent): kept.
  const first = await seedWaiting(f, {
    fromName: `Anna ${NASTY} Berg`,
    from: ANNA,
    subject: 'Menu for the launch',
    text: 'Could you put the new menu online?',
    receivedAt: '2026-11-20T09:00:00Z',
    draft: false,
  });
  await f.ctx.conversation.sentFolderMessages(f.ctx, [
    {
      inbox: 'studio',
      messageId: '<ours-1@agency.test>',
      inReplyTo: first.record.messageId,
      references: [first.record.messageId!],
      to: [ANNA],
      subject: 'Re: Menu for the launch',
      at: '2026-11-20T10:00:00.000Z',
      text: 'The new menu is online.',
      via: 'sent-folder',
    },
  ]);
  // Monday: angry, still waiting.
  angryDraft = (
    await seedWaiting(f, {
      kind: 'angry',
      priority: 0.85,
      fromName: `Anna ${NASTY} Berg`,
      from: ANNA,
      subject: 'Prices WRONG',
      text: 'The prices are wrong AGAIN. Why?',
      receivedAt: '2026-11-23T10:00:00Z',
    })
  ).draft!;
  await seedWaiting(f, {
    fromName: 'Olle Ek',
    from: 'olle@client.test',
    subject: 'Logo',
    text: 'Where is the logo?',
    receivedAt: '2026-11-23T11:00:00Z',
    draft: false,
  });
  await seedPaymentReminder(f, 1, { number: '2026-200', email: ANNA, clientName: 'Client AB' });
  await seedWaiting(f, {
    inbox: 'other',
    fromName: 'Secret Client',
    from: 'secret@other.test',
    subject: 'Other inbox secret',
    text: 'Where is my report?',
    receivedAt: '2026-11-23T15:00:00Z',
    draft: false,
  });
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

async function post(url: string, fields: Record<string, string>, as = cookie) {
  const res = await f.app.inject({
    method: 'POST',
    url,
    headers: { cookie: as, 'content-type': FORM },
    payload: new URLSearchParams(fields).toString(),
  });
  if (as === cookie && res.headers['set-cookie']) cookie = cookieFrom(res.headers['set-cookie']);
  return res;
}
const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const get = (url: string, as = cookie) => f.app.inject({ url, headers: { cookie: as } });

describe('the client record page', () => {
  it('is linked from the queue and from every draft page', async () => {
    const queue = await get('/queue');
    expect(queue.body).toContain('href="/clients/anna%40client.test"');
    const draft = await get(`/drafts/${angryDraft.id}`);
    expect(draft.body).toMatch(
      /<a id="client-record" href="\/clients\/anna%40client.test">Client record<\/a>/,
    );
  });

  it('shows messages both ways in order, tone over time, promises, invoices and reminders', async () => {
    const page = await get('/clients/anna%40client.test');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 id="client-name">Anna ${escaped(NASTY)} Berg</h1>`);
    const timeline = /<ol class="timeline"[\s\S]*?<\/ol>/.exec(page.body)![0];
    const rows = [...timeline.matchAll(/data-direction="(in|out)"[\s\S]*?class="tl-subject">([^<]*)</g)].map(
      (m) => [m[1], m[2]],
    );
    expect(rows).toEqual([
      ['in', 'Menu for the launch'],
      ['out', 'Re: Menu for the launch'],
      ['in', 'Prices WRONG'],
    ]);
    expect(timeline).toContain('filed in Sent');
    expect(timeline).toContain('Fri 20 Nov, 10:00');
    // Tone: two dots, the second angry, the threshold dashed; in words for screen readers.
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)![0];
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg.match(/class="tone-dot angry"/g)).toHaveLength(1);
    expect(svg).toContain('class="tone-threshold"');
    expect(svg).not.toMatch(/<script|onerror/);
    expect(page.body).toContain('2 messages, 1 angry; the latest angry (85 %)');
    expect(page.body).toContain('data-count="kept">Kept: 1<');
    expect(page.body).toContain('data-count="waiting">Waiting: 1<');
    const promises = /<table class="data" id="commitments">[\s\S]*?<\/table>/.exec(page.body)![0];
    expect(promises).toContain('1 h'); // the first answer took one business hour
    expect(promises).toContain('overdue by');
    const invoices = /<table class="data" id="client-invoices">[\s\S]*?<\/table>/.exec(page.body)![0];
    expect(invoices).toContain('2026-200');
    expect(invoices.replace(/\u00a0/g, ' ')).toContain('SEK 12,500.00');
    expect(invoices).toContain('Step 1 · drafted');
    expect(page.body).not.toContain('Other inbox secret');
  });

  it('adds a lead’s note with the CSRF token, shows it as text, and refuses one without', async () => {
    const page = await get('/clients/anna%40client.test');
    const csrf = csrfFrom(page.body.slice(page.body.indexOf('id="note-form"')));
    const noToken = await post('/clients/notes', { inbox: 'studio', address: ANNA, text: 'No token' });
    expect(noToken.statusCode).toBe(403);
    const text = `Prefers a phone call when upset.\n${NASTY} </textarea><script>x</script>`;
    const res = await post('/clients/notes', {
      _csrf: csrf,
      inbox: 'studio',
      address: ANNA,
      text,
      back: '/clients/anna%40client.test',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/clients/anna%40client.test');
    const after = await get('/clients/anna%40client.test');
    expect(after.body).toContain('Note added.');
    const notes = /<ol class="notes"[\s\S]*?<\/ol>/.exec(after.body)![0];
    expect(notes).toContain('Prefers a phone call when upset.');
    expect(notes).toContain('&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(notes).toContain('Lena Lead');
    expect(after.body).not.toContain('<script>x</script>');
    expect(after.body).not.toContain('No token');
    const empty = await post('/clients/notes', { _csrf: csrf, inbox: 'studio', address: ANNA, text: '   ' });
    expect(empty.statusCode).toBe(303);
    expect((await get('/clients/anna%40client.test')).body).toContain(
      'The note was not added: a note must be',
    );
  });

  it('groups a whole domain: every address, merged in order, a note form that asks about whom', async () => {
    const page = await get('/clients?domain=client.test');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Everyone at client.test');
    expect(page.body).toContain('href="/clients/olle%40client.test"');
    expect(page.body).toContain('<option value="anna@client.test">');
    expect(page.body).toContain('<option value="olle@client.test">');
    expect(page.body).toMatch(/Prices WRONG[\s\S]*Logo/);
    expect(page.body).toContain('data-count="waiting">Waiting: 2<');
    expect((await get('/clients?q=anna@client.test')).headers.location).toBe('/clients/anna%40client.test');
    expect((await get('/clients')).body).toContain('Email address or domain');
  });

  it('is "not found" for another lead, for a note on their inbox, and for nobody at all', async () => {
    const omar = (await injectLogin(f.app, USERS.otherLead)).cookie;
    for (const url of ['/clients/anna%40client.test', '/clients?domain=client.test']) {
      const res = await get(url, omar);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('Prices WRONG');
    }
    const csrf = csrfFrom((await get('/queue', omar)).body);
    const note = await post(
      '/clients/notes',
      { _csrf: csrf, inbox: 'studio', address: ANNA, text: 'x' },
      omar,
    );
    expect(note.statusCode).toBe(404);
    expect((await get('/clients/secret%40other.test')).statusCode).toBe(404);
    expect((await get('/clients/nobody%40nowhere.test')).statusCode).toBe(404);
    expect((await get('/clients/not-an-address')).statusCode).toBe(400);
    expect((await get('/clients/secret%40other.test', omar)).statusCode).toBe(200);
  });
});
