import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { cookieFrom, csrfFrom, injectLogin, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { InvoiceStore } from '../../src/store/invoices.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';

/** The invoices page of the web view, through app.inject on real Redis; the clock is Mon 23 Nov 2026 20:30 UTC. */
const prefix = uniquePrefix('web-invoices');
const FORM = 'application/x-www-form-urlencoded';

let f: WebFixture;
let store: InvoiceStore;
let cookie: string;

const invoice = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  client: { email: `${number.toLowerCase()}@client.test`, name: `Client ${number}` },
  amount: 1250,
  currency: 'EUR',
  issuedAt: '2026-10-01',
  dueDate: '2026-11-01',
  ...extra,
});
const seed = (inbox: string, number: string, extra: Record<string, unknown> = {}) =>
  createInvoice(f.ctx, inbox, invoice(number, extra), 'test');

beforeAll(async () => {
  f = await startWeb(prefix);
  store = f.ctx.stores.invoices;
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

async function formToken(url = '/invoices'): Promise<string> {
  return csrfFrom((await f.app.inject({ url, headers: { cookie } })).body);
}
/** Posts a form as the lead; keeps the session cookie the answer sets (it carries the flash message). */
async function postForm(url: string, fields: Record<string, string>) {
  const res = await f.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': FORM },
    payload: new URLSearchParams(fields).toString(),
  });
  if (res.headers['set-cookie']) cookie = cookieFrom(res.headers['set-cookie']);
  return res;
}

describe('the invoices page is scoped to the lead’s inboxes', () => {
  let theirs: InvoiceRecord;
  beforeAll(async () => {
    await seed('studio', 'STU-1', {
      amount: 12500,
      currency: 'SEK',
      client: { email: 'anna@kund.se', name: 'Anna Kund', language: 'sv' },
    });
    theirs = await seed('other', 'OTH-SECRET-1');
  });

  it('lists invoices of assigned inboxes only, amounts in the client’s locale', async () => {
    const page = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('STU-1');
    expect(page.body).toContain('12\u00a0500,00\u00a0kr');
    expect(page.body).toContain('22 days overdue');
    expect(page.body).not.toContain('OTH-SECRET-1');
    expect(page.body).toContain('href="/invoices" aria-current="page"');
  });

  it('names the gentle step 1 as the next reminder of a long-overdue invoice never reminded', async () => {
    await seed('studio', 'OLD-1', { issuedAt: '2026-09-01', dueDate: '2026-10-01' }); // 53 days overdue
    const page = await f.app.inject({ url: '/invoices', headers: { cookie } });
    const row = /OLD-1[\s\S]*?data-label="Next reminder" class="small">([^<]*)</.exec(page.body)?.[1];
    expect(row).toBe('Step 1 · due now');
  });

  it('answers 404 for another inbox’s invoice and changes nothing', async () => {
    const csrf = await formToken();
    for (const action of ['paid', 'dispute', 'pause', 'resume']) {
      const r = await postForm(`/invoices/${theirs.id}/${action}`, { _csrf: csrf, until: '2026-12-01' });
      expect(r.statusCode, action).toBe(404);
      expect(r.body).not.toContain('OTH-SECRET-1');
    }
    expect((await store.get(theirs.id))!.status).toBe('open');
    const imp = await postForm('/invoices/import', {
      _csrf: csrf,
      inbox: 'other',
      csv: 'number,client_email,client_name,amount,currency,issued_at,due_date\nX-1,a@b.test,A,1,EUR,2026-01-01,2026-02-01\n',
    });
    expect(imp.statusCode).toBe(404);
    expect(await store.idByNumber('other', 'X-1')).toBeNull();
  });

  it('offers only the lead’s inboxes for import', async () => {
    const page = await f.app.inject({ url: '/invoices/import', headers: { cookie } });
    expect(page.body).toContain('<option value="studio"');
    expect(page.body).not.toContain('<option value="other"');
  });

  it('escapes what clients and CSV files put in names', async () => {
    await seed('studio', 'XSS-1', {
      client: { email: 'x@evil.test', name: '<img src=x onerror="alert(1)">' },
    });
    const page = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(page.body).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('needs a signed-in user', async () => {
    const r = await f.app.inject({ url: '/invoices' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login?next=%2Finvoices');
  });
});

describe('the stop buttons go through the reminders service', () => {
  it('marks paid only with a CSRF token, records who, and cancels the waiting reminder', async () => {
    const inv = await seed('studio', 'PAY-1');
    const step = await runReminderStep(f.ctx, { invoiceId: inv.id, step: 1 });
    expect(step.kind).toBe('drafted');
    const draftId = step.kind === 'drafted' ? step.draft.id : '';
    expect(['pending', 'scheduled']).toContain((await f.drafts.get(draftId))!.status);
    const listed = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(listed.body).toMatch(/Step 1 · (awaiting approval|goes out)/);

    const forged = await postForm(`/invoices/${inv.id}/paid`, {});
    expect(forged.statusCode).toBe(403);
    expect((await store.get(inv.id))!.status).toBe('open');

    const r = await postForm(`/invoices/${inv.id}/paid`, { _csrf: await formToken(), back: 'open' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/invoices?status=open');
    const after = (await store.get(inv.id))!;
    expect(after.status).toBe('paid');
    expect(after.history.at(-1)).toMatchObject({ actor: USERS.lead, action: 'paid' });
    expect((await f.drafts.get(draftId))!.status).toBe('cancelled');
    const page = await f.app.inject({ url: '/invoices?status=paid', headers: { cookie } });
    expect(page.body).toContain('Invoice PAY-1 marked paid.');
    expect(page.body).toMatch(/data-invoice="PAY-1" data-status="paid"/);
    expect(page.body).toContain('marked paid by Lena Lead, Mon 23 Nov'); // the user's name, not their e-mail
    // Paid is final here: no second "Mark paid" button, and a replayed form is refused with a message.
    const again = await postForm(`/invoices/${inv.id}/paid`, { _csrf: csrfFrom(page.body) });
    expect(again.statusCode).toBe(303);
    const flash = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(flash.body).toContain('Invoice PAY-1 not changed: it is paid.');
  });

  it('pauses until a date, shows it, and resumes', async () => {
    const inv = await seed('studio', 'PAUSE-1');
    const r = await postForm(`/invoices/${inv.id}/pause`, { _csrf: await formToken(), until: '2026-12-10' });
    expect(r.statusCode).toBe(303);
    const paused = (await store.get(inv.id))!;
    expect(paused).toMatchObject({ status: 'paused', pausedUntil: '2026-12-10' });
    expect(paused.history.at(-1)).toMatchObject({
      actor: USERS.lead,
      action: 'pause',
      detail: 'until 2026-12-10',
    });
    const page = await f.app.inject({ url: '/invoices?status=paused', headers: { cookie } });
    expect(page.body).toContain('Invoice PAUSE-1 paused until 2026-12-10.');
    expect(page.body).toContain('paused until 2026-12-10');
    expect(page.body).toContain(`action="/invoices/${inv.id}/resume"`);
    expect(page.body).not.toContain('STU-1'); // the filter shows paused invoices only

    const bad = await postForm(`/invoices/${inv.id}/pause`, {
      _csrf: csrfFrom(page.body),
      until: '10/12/2026',
    });
    expect(bad.statusCode).toBe(303);
    const shown = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(shown.body).toContain('Invoice PAUSE-1 not changed: until: is not a YYYY-MM-DD date.');

    await postForm(`/invoices/${inv.id}/resume`, { _csrf: csrfFrom(shown.body) });
    expect((await store.get(inv.id))!.status).toBe('open');
  });
});

describe('CSV upload', () => {
  const CSV = [
    'number,client_email,client_name,amount,currency,issued_at,due_date,language',
    'CSV-1,ola@kund.se,Ola Kund,4000.00,SEK,2026-10-01,2026-11-10,sv',
    'CSV-2,not-an-email,Bad Row,100,EUR,2026-10-01,2026-11-10,en',
    'CSV-3,mia@firma.de,Mia Firma,99.5,EUR,2026-10-01,2026-12-15,de',
    'CSV-4,x@y.test,Short row',
  ].join('\n');

  it('imports the valid rows and reports each bad row with its line number', async () => {
    const r = await postForm('/invoices/import', {
      _csrf: await formToken('/invoices/import'),
      inbox: 'studio',
      csv: CSV,
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('2 imported');
    expect(r.body).toContain('2 with problems');
    expect(r.body).toMatch(/line 3<\/td><td class="bad">client\.email: /);
    expect(r.body).toContain('line 5</td><td class="bad">3 fields, the header has 8');
    const inv = (await store.get((await store.idByNumber('studio', 'CSV-1'))!))!;
    expect(inv.history[0]).toMatchObject({ actor: USERS.lead, action: 'created' });
    const list = await f.app.inject({ url: '/invoices', headers: { cookie } });
    expect(list.body).toContain('4\u00a0000,00\u00a0kr');
    expect(list.body).toContain('99,50\u00a0€');
    expect(list.body).toContain('in 22 days');
  });

  it('refuses an upload without the CSRF token', async () => {
    const r = await postForm('/invoices/import', { inbox: 'studio', csv: CSV.replace(/CSV-/g, 'NOCSRF-') });
    expect(r.statusCode).toBe(403);
    expect(await store.idByNumber('studio', 'NOCSRF-1')).toBeNull();
  });

  it('a second upload of the same file changes nothing', async () => {
    const r = await postForm('/invoices/import', {
      _csrf: await formToken('/invoices/import'),
      inbox: 'studio',
      csv: CSV,
    });
    expect(r.body).toContain('0 imported');
    expect(r.body).toContain('2 already there');
  });

  it('refuses a file without the required columns, keeping the text to fix', async () => {
    const r = await postForm('/invoices/import', {
      _csrf: await formToken('/invoices/import'),
      inbox: 'studio',
      csv: 'number,amount\nA-1,5',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('line 1: missing column(s) client_email');
    expect(r.body).toContain('number,amount\nA-1,5</textarea>');
  });

  it('accepts a paste larger than the 256 KB form limit, up to 1 MB', async () => {
    // Long subjects make the file big with few rows (each row is a real invoice with a planned ladder).
    const rows = ['number,client_email,client_name,amount,currency,issued_at,due_date,subject'];
    const subject = 'Invoice for the autumn campaign '.repeat(9);
    for (let i = 0; rows.join('\n').length < 270 * 1024; i++)
      rows.push(`BIG-${i},big${i}@client.test,Client ${i},10,EUR,2026-10-01,2026-12-01,${subject}`);
    const body = new URLSearchParams({
      _csrf: await formToken('/invoices/import'),
      inbox: 'studio',
      csv: rows.join('\n'),
    });
    expect(body.toString().length).toBeGreaterThan(256 * 1024);
    const r = await postForm('/invoices/import', Object.fromEntries(body));
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`${rows.length - 1} imported`);
    const tooBig = await postForm('/invoices/import', {
      _csrf: csrfFrom(r.body),
      inbox: 'studio',
      csv: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(tooBig.statusCode).toBe(413);
  }, 60_000);
});
