import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { onClientMessage } from '../../src/reminders/replies.ts';
import {
  csrfFrom,
  injectLogin,
  seedDraft,
  seedMessage,
  seedPaymentReminder,
  seedPaymentReply,
  seedReply,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';

/**
 * Issue 12's context on the pages (inject, real Redis): a payment draft shows its invoice (never an internal
 * id), queue rows name the client, the invoice and the step, and audit lines read in words on the inbox's
 * clock. Client-supplied strings are escaped everywhere.
 */
const prefix = uniquePrefix('web-draft-context');
const AUTH = { authorization: 'Bearer test-token-0123456789' };
const FORM = 'application/x-www-form-urlencoded';

let f: WebFixture;
let cookie: string;
beforeAll(async () => {
  f = await startWeb(prefix);
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

const get = (url: string) => f.app.inject({ url, headers: { cookie } });
/** The text a reader sees: tags and attributes (URLs, ids in forms) removed. */
const visible = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
const section = (html: string, id: string) =>
  new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(?:ul|p|div|dd|ol)>`).exec(html)?.[1] ?? '';

describe('a payment reminder’s page shows the invoice', () => {
  it('number, amount in the client’s currency, due date, days overdue, step n of 4, earlier reminders, last mail', async () => {
    const { invoice, draft } = await seedPaymentReminder(f, 3, {
      number: '2026-118',
      clientName: 'Lindqvist Bygg AB',
      amount: 12500,
      currency: 'SEK',
      language: 'sv',
      dueDate: '2026-10-31',
      sent: [
        { step: 1, at: '2026-11-03T08:00:00Z' },
        { step: 2, at: '2026-11-10T08:00:00Z' },
      ],
      clientMail: {
        text: 'Hej! Vi betalar på fredag.',
        subject: 'Sv: Faktura 2026-118',
        payment: 'promise',
        receivedAt: '2026-11-12T09:15:00Z',
        fromName: 'Sofia Lind',
      },
    });
    const res = await get(`/drafts/${draft.id}`);
    expect(res.statusCode).toBe(200);
    const text = visible(res.body);
    expect(text).toContain('Invoice 2026-118');
    expect(text).toContain('12 500,00 kr'); // sv-SE
    expect(text).toContain('Sat 31 Oct 2026');
    expect(text).toContain('23 days overdue');
    expect(visible(section(res.body, 'invoice-step'))).toContain('Step 3 of 4');
    const earlier = visible(section(res.body, 'earlier-reminders'));
    expect(earlier).toContain('Step 1 · sent Tue 3 Nov, 09:00');
    expect(earlier).toContain('Step 2 · sent Tue 10 Nov, 09:00');
    expect(earlier).not.toContain('Step 3');
    const mail = visible(section(res.body, 'last-mail'));
    expect(mail).toContain('Thu 12 Nov, 10:15');
    expect(mail).toContain('the client promises to pay');
    expect(text).toContain('Vi betalar på fredag.');
    // Never the internal id as text (it is only part of the URLs the forms post to).
    expect(text).not.toContain(invoice.id);
    expect(text).not.toMatch(/\binv[0-9a-f]{6}/);
  });

  it('says so when nothing was sent before and the client has not written', async () => {
    const { draft } = await seedPaymentReminder(f, 1, { number: 'FIRST-1', currency: 'EUR', amount: 980.5 });
    const text = visible((await get(`/drafts/${draft.id}`)).body);
    expect(text).toContain('€980.50');
    expect(text).toContain('None: this is the first message about the invoice.');
    expect(text).toContain('The client has not written about this invoice.');
    expect(text).toContain('Step 1 of 4');
  });

  it('shows a client’s payment mail beside the invoice in a payment reply', async () => {
    const { draft } = await seedPaymentReply(f, {
      number: 'DISP-7',
      clientName: 'Rossi Srl',
      currency: 'EUR',
      amount: 1830.5,
      language: 'it',
      sent: [{ step: 1, at: '2026-11-03T08:00:00Z' }],
      clientMail: {
        text: 'La fattura DISP-7 non è corretta: contestiamo le ore.',
        payment: 'dispute',
        receivedAt: '2026-11-23T15:00:00Z',
        fromName: 'Marco Rossi',
      },
    });
    const res = await get(`/drafts/${draft.id}`);
    const text = visible(res.body);
    expect(text).toContain("Client's message");
    expect(text).toContain('contestiamo le ore');
    expect(text).toContain('Invoice DISP-7');
    expect(text).toContain('1830,50 €');
    expect(text).toContain('Step 1 · sent Tue 3 Nov, 09:00');
    expect(text).toContain('Earlier mail from the client about it None before this message.');
    expect(section(res.body, 'invoice-step')).toBe(''); // a reply has no step of its own
  });
});

describe('a client’s dispute, drafted by the reminders service', () => {
  it('shows the invoice beside the mail, and its answer time can be changed with the text following', async () => {
    const { invoice } = await seedPaymentReminder(f, 1, {
      number: 'D-2026-9',
      clientName: 'Brenner Bau GmbH',
    });
    const mail = await seedMessage(f, {
      kind: 'after-hours',
      from: invoice.client.email,
      fromName: 'Klaus Brenner',
      subject: 'Rechnung D-2026-9',
      text: 'We do not agree with invoice D-2026-9: the hours for October are wrong.',
      payment: 'dispute',
      categories: ['payment'],
    });
    const outcome = await onClientMessage(f.ctx, mail);
    expect(outcome).toMatchObject({ matched: true, action: 'disputed' });
    const id = (outcome as { draftId: string }).draftId;
    const html = (await get(`/drafts/${id}`)).body;
    const text = visible(html);
    expect(text).toContain('the hours for October are wrong');
    expect(text).toContain('Invoice D-2026-9');
    expect(text).toContain('disputed: reminders stopped');
    const draft = (await f.drafts.get(id))!;
    expect(draft.promisedBy).not.toBeNull(); // a dispute gets a person's answer by a concrete time
    expect(html).toContain('id="promisedBy"');
    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${id}/preview`,
      headers: { cookie, 'content-type': FORM, accept: 'application/json' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(html),
        shown: /name="shown"[^>]*value="([^"]*)"/.exec(html)![1]!,
        body: draft.body,
        promisedBy: '2026-11-24T15:00',
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().body).toContain('15:00');
  });
});

describe('why an angry reply promises hours', () => {
  it('names urgency among the reasons, with its cues', async () => {
    const d = await seedReply(f, { kind: 'angry', urgent: true, urgentCues: ['checkout is down'] });
    const text = visible((await get(`/drafts/${d.id}`)).body);
    expect(text).toContain(
      'urgent something is down, money is being lost or a deadline is close: the promised answer is hours away; cues: checkout is down',
    );
    const calm = await seedReply(f, { kind: 'angry' });
    expect(visible((await get(`/drafts/${calm.id}`)).body)).not.toContain(
      'the promised answer is hours away',
    );
  });
});

describe('queue rows', () => {
  it('name the client, the invoice number and the step; the Payment group counts payment replies', async () => {
    const before = await get('/queue');
    const count = () => /data-group-count="payment">Payment: (\d+)/;
    const n0 = Number(count().exec(before.body)![1]);
    const r = await seedPaymentReminder(f, 2, { number: 'Q-2', clientName: 'Acme Ltd' });
    const reply = await seedPaymentReply(f, {
      number: 'Q-3',
      clientName: 'Kund AB',
      clientMail: {
        text: 'Paid yesterday.',
        payment: 'paid',
        receivedAt: '2026-11-23T12:00:00Z',
        fromName: 'Anna Svensson',
      },
    });
    const html = (await get('/queue')).body;
    expect(Number(count().exec(html)![1])).toBe(n0 + 2);
    const row = (id: string) => visible(new RegExp(`data-draft="${id}"[\\s\\S]*?</li>`).exec(html)![0]);
    expect(row(r.draft.id)).toContain('Acme Ltd');
    expect(row(r.draft.id)).toContain('Invoice Q-2 · reminder step 2 of 4');
    expect(row(r.draft.id)).not.toContain('@client.test');
    expect(row(reply.draft.id)).toContain('Anna Svensson · Kund AB');
    expect(row(reply.draft.id)).toContain('Invoice Q-3 · the client says it is paid');
  });
});

describe('audit lines in words', () => {
  it('on the draft page and the audit page: names, plain actions, times on the inbox’s clock', async () => {
    const d = await seedReply(f, { kind: 'angry', fromName: 'Henrik Berg' });
    const html = (await get(`/drafts/${d.id}`)).body;
    await f.app.inject({
      method: 'POST',
      url: `/drafts/${d.id}/approve`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({ _csrf: csrfFrom(html), action: 'approve' }).toString(),
    });
    const history = visible(section((await get(`/drafts/${d.id}`)).body, 'history'));
    expect(history).toContain('Approved by Lena Lead — goes out Tue 24 Nov, 09:00');
    expect(history).toContain('Drafted by Tactful — calm reply to angry mail');
    expect(history).not.toMatch(/\d{4}-\d{2}-\d{2}T|lena@agency\.test/);

    const viaApi = await seedDraft(f, { subject: 'Via the API' });
    await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${viaApi.id}/reject`,
      headers: AUTH,
      payload: { reason: 'answered by phone' },
    });
    const audit = await get('/audit');
    const rows = visible(audit.body);
    expect(rows).toContain('Approved by Lena Lead — goes out Tue 24 Nov, 09:00');
    expect(rows).toContain('Rejected by API token test — answered by phone');
    expect(rows).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // The filter lists people by name and still narrows by who they are.
    expect(audit.body).toMatch(/<option value="lena@agency\.test">Lena Lead<\/option>/);
    const mine = visible((await get('/audit?actor=api%3Atest')).body);
    expect(mine).toContain('Rejected by API token test');
    expect(mine).not.toContain('Approved by Lena Lead');
    const withAuto = visible((await get('/audit?all=1')).body);
    expect(withAuto).toContain('Drafted by Tactful');
  });
});

describe('client-supplied strings stay text', () => {
  const NASTY = '<img src=x onerror=alert(1)>';
  it('in the queue, the draft page, the invoice panel and the audit trail', async () => {
    const d = await seedReply(f, {
      kind: 'angry',
      fromName: `"Eve ${NASTY}"`,
      subject: `Broken ${NASTY} <script>alert(2)</script>`,
    });
    const p = await seedPaymentReminder(f, 2, {
      number: 'X-1',
      clientName: `Evil ${NASTY} AB`,
      clientMail: {
        text: `pay? ${NASTY}`,
        subject: `Re: ${NASTY}`,
        payment: 'promise',
        receivedAt: '2026-11-20T10:00:00Z',
      },
    });
    await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/reject`,
      headers: AUTH,
      payload: { reason: `because ${NASTY}` },
    });
    for (const url of ['/queue', `/drafts/${d.id}`, `/drafts/${p.draft.id}`, '/audit']) {
      const html = (await get(url)).body;
      expect(html, url).not.toContain('<img src=x');
      expect(html, url).not.toContain('<script>alert');
      expect(html, url).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});
