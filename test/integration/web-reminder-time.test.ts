import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  csrfFrom,
  injectLogin,
  NOW,
  seedDraft,
  startWeb,
  USERS,
  type WebFixture,
} from '../e2e/web-fixture.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';

/**
 * When a payment reminder goes out, as the pages and the API say and do. A reminder is timed in the *client's*
 * office hours (src/reminders/draft-policy.ts); the studio inbox is in Stockholm, the client in New York.
 * The fixture's clock: Monday 23 Nov 2026 20:30 UTC = 21:30 in Stockholm (closed) = 15:30 in New York (open).
 */
const prefix = uniquePrefix('web-reminder-time');
const AUTH = { authorization: 'Bearer test-token-0123456789' };
const FORM = 'application/x-www-form-urlencoded';
/** Monday 09:00 in New York: the step's planned time, already past at NOW. */
const PLANNED = '2026-11-23T14:00:00.000Z';

let f: WebFixture;
let cookie: string;
let seq = 0;
beforeAll(async () => {
  f = await startWeb(prefix);
  cookie = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterEach(() => f.clock.set(NOW));
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

/** An open invoice of a New York client and a pending reminder draft of its second step. */
async function reminder(): Promise<{ inv: InvoiceRecord; draft: DraftRecord }> {
  const number = `NY-${++seq}`;
  const inv = await createInvoice(
    f.ctx,
    'studio',
    {
      number,
      client: { email: `ap${seq}@client.example`, name: 'Client Inc.', timezone: 'America/New_York' },
      amount: 4200,
      currency: 'USD',
      issuedAt: '2026-10-01',
      dueDate: '2026-11-01',
    },
    'test',
  );
  const draft = await f.drafts.create({
    inbox: 'studio',
    messageId: null,
    recordId: null,
    invoiceId: inv.id,
    step: 2,
    kind: 'payment-reminder',
    language: 'en',
    to: inv.client.email,
    cc: [],
    subject: `Invoice ${number}`,
    body: `A friendly reminder about invoice ${number}.`,
    inReplyTo: null,
    references: [],
    unattended: false,
    sendAt: PLANNED,
    promisedBy: null,
    priority: 0,
  });
  return { inv, draft };
}

const failed = (id: string) =>
  f.drafts.transition(id, {
    from: ['pending'],
    to: 'failed',
    actor: 'tactful',
    action: 'failed',
    patch: { error: '550 5.1.1 mailbox unavailable' },
  });

const goesOut = (html: string) => /<p class="goes-out" id="goes-out">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';

describe('the draft page of a payment reminder', () => {
  it('shows the time approval will really use: the client’s office hours, not the inbox’s', async () => {
    const { draft } = await reminder();
    const page = await f.app.inject({ url: `/drafts/${draft.id}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const said = goesOut(page.body);
    // Open in New York now: it goes out now (the inbox calendar would have said Tuesday 09:00 Stockholm).
    expect(said).toContain('Mon 23 Nov, 21:30');
    expect(said).not.toContain('Tue 24 Nov');
    expect(said).toContain('Mon 23 Nov, 15:30 for the client (America/New_York)');
    expect(page.body).toContain('value="2026-11-23T21:30"'); // the "send at" field starts from the same time
    // "Send now" is honest too: it is 15:30 for the client, so no night-time warning though Stockholm is closed.
    expect(page.body).toContain('id="send-now"');
    expect(page.body).not.toContain('send-now-warning');

    const queue = await f.app.inject({ url: '/queue', headers: { cookie } });
    const row = new RegExp(`data-draft="${draft.id}"[\\s\\S]*?goes out <strong>([^<]+)</strong>`).exec(
      queue.body,
    );
    expect(row?.[1]).toBe('Mon 23 Nov, 21:30');

    const res = await f.app.inject({
      method: 'POST',
      url: `/drafts/${draft.id}/approve`,
      headers: { cookie, 'content-type': FORM },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body), action: 'approve' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect((await f.drafts.get(draft.id))!).toMatchObject({
      status: 'scheduled',
      sendAt: NOW.replace('Z', '.000Z'),
    });
  });

  it('waits for the client’s opening when New York is closed though Stockholm is open', async () => {
    f.clock.set('2026-11-24T08:30:00Z'); // Tuesday 09:30 in Stockholm, 03:30 in New York
    const { draft } = await reminder();
    const page = await f.app.inject({ url: `/drafts/${draft.id}`, headers: { cookie } });
    const said = goesOut(page.body);
    expect(said).toContain('Tue 24 Nov, 15:00'); // 09:00 in New York
    expect(said).toContain('Tue 24 Nov, 09:00 for the client (America/New_York)');
  });

  it('says "the next opening" in the inbox zone for an ordinary reply (unchanged)', async () => {
    const d = await seedDraft(f);
    const draftPage = await f.app.inject({ url: `/drafts/${d.id}`, headers: { cookie } });
    expect(goesOut(draftPage.body)).toContain('at the next opening: <strong>Tue 24 Nov, 09:00</strong>');
    expect(goesOut(draftPage.body)).not.toContain('for the client');
  });
});

describe('retrying a failed reminder follows the reminder rules', () => {
  it('does not retry a reminder whose invoice was paid meanwhile', async () => {
    const { inv, draft } = await reminder();
    await failed(draft.id);
    const jobs = () => f.ctx.queues.send.getJobCounts('delayed', 'waiting');
    const before = await jobs();
    expect(
      (await f.app.inject({ method: 'POST', url: `/api/invoices/${inv.id}/paid`, headers: AUTH })).statusCode,
    ).toBe(200);
    const res = await f.app.inject({ method: 'POST', url: `/api/drafts/${draft.id}/retry`, headers: AUTH });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: 'conflict',
      message: expect.stringContaining(`no longer wanted: invoice ${inv.number} is paid`),
    });
    expect((await f.drafts.get(draft.id))!.status).toBe('failed');
    expect(await jobs()).toEqual(before); // nothing was put on the send queue
  });

  it('retries a failed reminder at the client’s next opening', async () => {
    f.clock.set('2026-11-24T08:30:00Z'); // the inbox is open (09:30 Stockholm), the client is not (03:30)
    const { draft } = await reminder();
    await failed(draft.id);
    const res = await f.app.inject({ method: 'POST', url: `/api/drafts/${draft.id}/retry`, headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'scheduled', sendAt: '2026-11-24T14:00:00.000Z' }); // 09:00 New York
    expect((await f.drafts.get(draft.id))!).toMatchObject({ status: 'scheduled', error: null });
  });
});
