import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages, withMailbox } from '../harness/mailbox.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import { MessageStore } from '../../src/store/messages.ts';
import { inboxReadiness } from '../../src/ingest/readiness.ts';
import { InboxStatusStore } from '../../src/store/inbox-status.ts';
import { keyspace } from '../../src/store/keyspace.ts';
import { ingestConfig, sampleMessage } from './ingest-support.ts';

const prefix = uniquePrefix('ingest-basic');
afterAll(() => wipePrefix(prefix));

const TOKEN = { authorization: 'Bearer test-token-0123456789' };

describe('ingest from a live mailbox (in-process service)', () => {
  const u = newMailUser('basic');
  const config = ingestConfig({ prefix, user: u, ingest: { maxMessageBytes: 64 * 1024, pollSeconds: 30 } });
  let svc: RunningService;
  let store: MessageStore;

  beforeAll(async () => {
    // Mail that was already there (and already read on a phone) before the service started.
    await appendMessages(u, [
      { raw: sampleMessage(0, { messageId: '<read-on-phone@client.test>' }), flags: ['\\Seen'] },
    ]);
    svc = await startService(config);
    store = svc.ctx.stores.messages;
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('ingests mail that was read elsewhere before start-up (startFrom: all, independent of \\Seen)', async () => {
    await waitFor(async () => (await store.count('studio')) === 1, 'the pre-existing message');
    const [rec] = await store.list('studio', 1);
    expect(rec?.messageId).toBe('<read-on-phone@client.test>');
    expect(rec?.error).toBeNull();
  });

  it('stores a record for newly APPENDed mail within the IDLE delay, with every field', async () => {
    const raw = [
      'From: "Ada Client" <ada@client.test>',
      'To: studio@agency.test, "Bo" <bo@agency.test>',
      'Cc: cc@client.test',
      'Reply-To: replies@client.test',
      'Return-Path: <bounce@client.test>',
      'Subject: =?utf-8?q?R=C3=A4kning?= 42',
      'Date: Tue, 24 Nov 2026 21:30:00 +0100',
      'Message-ID: <fresh-1@client.test>',
      'In-Reply-To: <ours-1@agency.test>',
      'References: <root@agency.test> <ours-1@agency.test>',
      'Precedence: bulk',
      'Precedence: list',
      'List-Id: <news.client.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hej! Här är fakturan.',
      '--b1',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQKJcOkw7zDtsOfCg==',
      '--b1--',
      '',
    ].join('\r\n');
    const started = Date.now();
    await appendMessages(u, [raw]);
    const rec = await waitFor(
      async () => {
        const list = await store.list('studio', 10);
        return list.find((r) => r.messageId === '<fresh-1@client.test>');
      },
      'the appended message',
      10_000,
      50,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(rec.from).toEqual({ address: 'ada@client.test', name: 'Ada Client' });
    expect(rec.to.map((a) => a.address)).toEqual(['studio@agency.test', 'bo@agency.test']);
    expect(rec.cc.map((a) => a.address)).toEqual(['cc@client.test']);
    expect(rec.replyTo.map((a) => a.address)).toEqual(['replies@client.test']);
    expect(rec.returnPath).toBe('bounce@client.test');
    expect(rec.subject).toBe('Räkning 42');
    expect(rec.date).toBe('2026-11-24T20:30:00.000Z');
    expect(rec.inReplyTo).toBe('<ours-1@agency.test>');
    expect(rec.references).toEqual(['<root@agency.test>', '<ours-1@agency.test>']);
    expect(rec.autoHeaders.precedence).toEqual(['bulk', 'list']);
    expect(rec.autoHeaders['list-id']).toEqual(['<news.client.test>']);
    expect(rec.text).toContain('Här är fakturan.');
    expect(rec.attachments).toEqual([{ filename: 'invoice.pdf', contentType: 'application/pdf', size: 19 }]);
    expect(rec.size).toBe(Buffer.byteLength(raw));
    expect(rec.error).toBeNull();
  });

  it('never sets \\Seen on the mail it ingests', async () => {
    const flags = await withMailbox(u, async (c) => {
      await c.mailboxOpen('INBOX', { readOnly: true });
      return c.fetchAll('1:*', { uid: true, flags: true, envelope: true });
    });
    const fresh = flags.find((m) => m.envelope?.messageId === '<fresh-1@client.test>');
    expect(fresh?.flags?.has('\\Seen')).toBe(false);
  });

  it('records oversized mail with error too_large without downloading it', async () => {
    const big =
      sampleMessage(1, { messageId: '<huge@client.test>', subject: 'Huge' }) + 'x'.repeat(100 * 1024);
    await appendMessages(u, [big]);
    const rec = await waitFor(
      async () => (await store.list('studio', 10)).find((r) => r.messageId === '<huge@client.test>'),
      'the huge message',
    );
    expect(rec.error?.code).toBe('too_large');
    expect(rec.subject).toBe('Huge');
    expect(rec.text).toBe('');
    expect(rec.size).toBeGreaterThan(64 * 1024);
  });

  it('answers /readyz with every inbox connected', async () => {
    const app = svc.service.app!;
    const res = await waitFor(async () => {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      return r.statusCode === 200 ? r : null;
    }, 'readiness');
    const body = res.json();
    expect(body.redis).toBe('ok');
    expect(body.inboxes.studio.connected).toBe(true);
    expect(typeof body.inboxes.studio.lastSyncAt).toBe('string');
  });

  it('reports an inbox without a live poller as not ready', async () => {
    const other = ingestConfig({ prefix: `${prefix}:other`, user: u });
    const r = await inboxReadiness(new InboxStatusStore(svc.ctx.redis, keyspace(`${prefix}:other`)), other)();
    expect(r).toEqual({ ok: false, body: { inboxes: { studio: { connected: false, lastSyncAt: null } } } });
  });

  it('lists messages newest first through GET /api/messages, validating the query', async () => {
    const app = svc.service.app!;
    const ok = await app.inject({ method: 'GET', url: '/api/messages?inbox=studio&limit=2', headers: TOKEN });
    expect(ok.statusCode).toBe(200);
    const { messages } = ok.json();
    expect(messages).toHaveLength(2);
    expect(Date.parse(messages[0].receivedAt)).toBeGreaterThanOrEqual(Date.parse(messages[1].receivedAt));
    expect(messages[0]).toHaveProperty('triage');
    expect(messages[0]).toHaveProperty('error');
    const badLimit = await app.inject({ method: 'GET', url: '/api/messages?limit=0', headers: TOKEN });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error).toBe('bad_limit');
    const unknown = await app.inject({ method: 'GET', url: '/api/messages?inbox=nope', headers: TOKEN });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('nope');
    const anon = await app.inject({ method: 'GET', url: '/api/messages' });
    expect(anon.statusCode).toBe(401);
  });

  it('keeps the cursor at the highest enqueued UID of the current UIDVALIDITY', async () => {
    const cursor = await svc.ctx.stores.cursors.get('studio');
    expect(cursor?.lastUid).toBe(3);
  });
});
