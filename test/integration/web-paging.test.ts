import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { injectLogin, seedDraft, seedMessage, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { changeInvoiceStatus } from '../../src/reminders/actions.ts';
import { keyspace } from '../../src/store/keyspace.ts';

/** Cursor paging of GET /api/messages, /api/drafts and /api/invoices, through app.inject on real Redis. */
const prefix = uniquePrefix('web-paging');
const AUTH = { authorization: 'Bearer test-token-0123456789' };

let f: WebFixture;
let lead: string;
beforeAll(async () => {
  f = await startWeb(prefix);
  lead = (await injectLogin(f.app, USERS.lead)).cookie;
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

type Listing = Record<string, unknown> & { nextCursor: string | null };

/**
 * Follows nextCursor from the first page (or from `start`) to the last; `between` runs after each page (e.g.
 * new mail arriving).
 */
async function pageThrough<T>(
  url: string,
  key: string,
  headers: Record<string, string> = AUTH,
  between: (page: number) => Promise<void> = async () => undefined,
  start: string | null = null,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = start;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await f.app.inject({
      url: cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Listing;
    items.push(...(body[key] as T[]));
    cursor = body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(200); // a cursor that does not move would loop forever
    await between(pages);
  } while (cursor);
  return { items, pages };
}

const minutesBefore = (iso: string, m: number) => new Date(Date.parse(iso) - m * 60_000).toISOString();

describe('GET /api/messages pages through a whole mailbox', () => {
  const seeded: string[] = [];
  const T0 = '2026-11-23T19:00:00Z';
  beforeAll(async () => {
    // 640 messages; every fifth shares its arrival time with the one before (ties are ordered by id).
    for (let i = 0; i < 640; i += 40) {
      const batch = Array.from({ length: 40 }, (_, k) => i + k).map((n) =>
        seedMessage(f, { receivedAt: minutesBefore(T0, n % 5 === 4 ? n - 1 : n), subject: `Mail ${n}` }),
      );
      seeded.push(...(await Promise.all(batch)).map((m) => m.id));
    }
  });

  it('lists 640 messages of one inbox, each exactly once, newest first, while new mail arrives', async () => {
    let arrived = 0;
    const { items, pages } = await pageThrough<{ id: string; receivedAt: string }>(
      '/api/messages?inbox=studio&limit=100',
      'messages',
      AUTH,
      // New mail between pages would shift an offset; a cursor keeps its place.
      async (page) => {
        if (page > 2) return;
        await seedMessage(f, { receivedAt: '2026-11-23T20:00:00Z', subject: `New ${page}` });
        arrived++;
      },
    );
    expect(arrived).toBe(2);
    expect(pages).toBe(7);
    const ids = items.map((m) => m.id);
    expect(ids).toHaveLength(640);
    expect(new Set(ids).size).toBe(640);
    expect([...ids].sort()).toEqual([...seeded].sort());
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      const [ta, tb] = [Date.parse(a.receivedAt), Date.parse(b.receivedAt)];
      expect(ta > tb || (ta === tb && a.id > b.id), `${i}`).toBe(true);
    }
  });

  it('takes up to 500 a page and says when there is no next page', async () => {
    const first = (await f.app.inject({ url: '/api/messages?inbox=studio&limit=500', headers: AUTH })).json();
    expect(first.messages).toHaveLength(500);
    expect(typeof first.nextCursor).toBe('string');
    const rest = await f.app.inject({
      url: `/api/messages?inbox=studio&limit=500&cursor=${first.nextCursor}`,
      headers: AUTH,
    });
    expect(rest.json().messages).toHaveLength(142); // 640 + the 2 that arrived while paging
    expect(rest.json().nextCursor).toBeNull();
    const tooMany = await f.app.inject({ url: '/api/messages?limit=501', headers: AUTH });
    expect(tooMany.json()).toEqual({
      error: 'bad_limit',
      message: 'limit must be a whole number from 1 to 500',
    });
  });

  it('merges several inboxes by arrival (ties by id), and a lead pages through their own only', async () => {
    const other = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((n) =>
        seedMessage(f, { inbox: 'other', receivedAt: minutesBefore(T0, n * 100) }),
      ),
    );
    const { items } = await pageThrough<{ id: string; inbox: string; receivedAt: string }>(
      '/api/messages?limit=45',
      'messages',
    );
    expect(items).toHaveLength(642 + 6);
    expect(new Set(items.map((m) => m.id)).size).toBe(items.length);
    expect(items.filter((m) => m.inbox === 'other').map((m) => m.id)).toEqual(other.map((m) => m.id));
    const order = [...items].sort(
      (a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : -1),
    );
    expect(items.map((m) => m.id)).toEqual(order.map((m) => m.id));

    const mine = await pageThrough<{ inbox: string }>('/api/messages?limit=300', 'messages', {
      cookie: lead,
    });
    expect(mine.items).toHaveLength(642);
    expect(mine.items.every((m) => m.inbox === 'studio')).toBe(true);
  });
});

describe('a cursor is a position, not a member', () => {
  it('keeps its place when the item it points at is gone from the listing', async () => {
    const inbox = 'other';
    const first = (await f.app.inject({ url: `/api/messages?inbox=${inbox}&limit=2`, headers: AUTH })).json();
    const [, last] = first.messages as Array<{ id: string }>;
    await f.ctx.redis.zrem(keyspace(f.config.redis.prefix).inbox(inbox, 'msgs'), last!.id);
    const rest = await pageThrough<{ id: string }>(
      `/api/messages?inbox=${inbox}&limit=2`,
      'messages',
      AUTH,
      undefined,
      first.nextCursor,
    );
    const all = await pageThrough<{ id: string }>(`/api/messages?inbox=${inbox}`, 'messages');
    expect(rest.items.map((m) => m.id)).toEqual(all.items.slice(1).map((m) => m.id));
  });
});

describe('GET /api/drafts pages', () => {
  it('pages pending drafts of several inboxes created in the same instant, each exactly once', async () => {
    // The manual clock does not move: every draft has the same creation time, so only the id orders them.
    const made = await Promise.all(
      ['studio', 'other', 'studio', 'other', 'studio', 'studio', 'other'].map((inbox) =>
        seedDraft(f, { inbox }),
      ),
    );
    const rejected = await seedDraft(f);
    await f.app.inject({ method: 'POST', url: `/api/drafts/${rejected.id}/reject`, headers: AUTH });
    const { items, pages } = await pageThrough<{ id: string; status: string }>(
      '/api/drafts?status=pending&limit=3',
      'drafts',
    );
    expect(pages).toBe(3);
    expect(items.map((d) => d.id)).toEqual(
      made
        .map((d) => d.id)
        .sort()
        .reverse(),
    );
    const all = await pageThrough<{ id: string }>('/api/drafts?limit=2', 'drafts');
    expect(all.items.map((d) => d.id).sort()).toEqual([...made, rejected].map((d) => d.id).sort());
    const studio = await pageThrough<{ inbox: string }>('/api/drafts?inbox=studio&limit=2', 'drafts');
    expect(studio.items).toHaveLength(5);
  });
});

describe('GET /api/invoices pages', () => {
  it('lists by due date across inboxes, a status filter included, each exactly once', async () => {
    const due = ['2026-11-05', '2026-11-01', '2026-11-20', '2026-11-01', '2026-11-12', '2026-11-30'];
    const made = [];
    for (const [n, dueDate] of due.entries()) {
      made.push(
        await createInvoice(
          f.ctx,
          n % 2 ? 'other' : 'studio',
          {
            number: `PG-${n}`,
            client: { email: `pg${n}@client.test`, name: `Client ${n}` },
            amount: 100,
            currency: 'EUR',
            issuedAt: '2026-10-01',
            dueDate,
          },
          'test',
        ),
      );
    }
    await changeInvoiceStatus(f.ctx, made[2]!.id, 'paid', 'test');
    const { items, pages } = await pageThrough<{ number: string; dueDate: string; id: string }>(
      '/api/invoices?limit=2',
      'invoices',
    );
    expect(pages).toBe(3);
    const byDue = [...made].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || (a.id < b.id ? -1 : 1));
    expect(items.map((i) => i.number)).toEqual(byDue.map((i) => i.number));
    const open = await pageThrough<{ number: string }>('/api/invoices?status=open&limit=2', 'invoices');
    expect(open.items.map((i) => i.number)).toEqual(
      byDue.filter((i) => i.number !== 'PG-2').map((i) => i.number),
    );
    const studio = (await f.app.inject({ url: '/api/invoices', headers: { cookie: lead } })).json();
    expect(studio.invoices.map((i: { number: string }) => i.number)).toEqual(['PG-0', 'PG-4', 'PG-2']);
    expect(studio.nextCursor).toBeNull();
  });
});

describe('cursors and inboxes that are not yours', () => {
  const LISTS = ['messages', 'drafts', 'invoices'];

  it('refuses a cursor it did not make, or one of another list, with a 400 naming the field', async () => {
    const drafts = (await f.app.inject({ url: '/api/drafts?limit=1', headers: AUTH })).json();
    expect(drafts.nextCursor).toEqual(expect.any(String));
    const forged = Buffer.from(JSON.stringify(['messages', 'x', 'y'])).toString('base64url');
    for (const list of LISTS) {
      for (const cursor of [
        'not a cursor',
        'abc',
        forged,
        ...(list === 'drafts' ? [] : [drafts.nextCursor]),
      ]) {
        const res = await f.app.inject({
          url: `/api/${list}?cursor=${encodeURIComponent(cursor)}`,
          headers: AUTH,
        });
        expect(res.statusCode, `${list} ${cursor}`).toBe(400);
        expect(res.json(), `${list} ${cursor}`).toEqual({
          error: 'bad_request',
          message: expect.stringMatching(/^cursor: /),
        });
      }
    }
  });

  it('answers 404 not_found, the same body, for an inbox that is missing or not yours', async () => {
    for (const list of LISTS) {
      const notYours = await f.app.inject({ url: `/api/${list}?inbox=other`, headers: { cookie: lead } });
      const missing = await f.app.inject({ url: `/api/${list}?inbox=nope`, headers: { cookie: lead } });
      expect(notYours.statusCode, list).toBe(404);
      expect(missing.statusCode, list).toBe(404);
      expect(notYours.json(), list).toEqual({ error: 'not_found', message: 'no inbox "other"' });
      expect(missing.json(), list).toEqual({ error: 'not_found', message: 'no inbox "nope"' });
      const token = await f.app.inject({ url: `/api/${list}?inbox=other`, headers: AUTH });
      expect(token.statusCode, list).toBe(200);
    }
  });
});
