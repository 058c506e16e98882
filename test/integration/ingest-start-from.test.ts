import { afterAll, describe, expect, it, inject } from 'vitest';
import { ImapFlow } from 'imapflow';
import { newMailUser, redisUrl, uniquePrefix, wipePrefix } from '../harness/context.ts';
import {
  appendAll,
  parse,
  rawConfig,
  sampleMessage,
  startInProcess,
  waitFor,
  type ImapTarget,
} from './ingest-support.ts';

const prefixes: string[] = [];
afterAll(() => Promise.all(prefixes.map((p) => wipePrefix(p))));

async function withStartFrom(startFrom: string, old: Array<{ id: string; date: Date }>) {
  const prefix = uniquePrefix('ingest-start');
  prefixes.push(prefix);
  const u = newMailUser('start');
  const imap: ImapTarget = { host: inject('imapHost'), port: inject('imapPort'), user: u.user, pass: u.pass };
  const c = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: u, logger: false });
  await c.connect();
  for (const m of old) await c.append('INBOX', sampleMessage(0, { messageId: m.id }), [], m.date);
  await c.logout();
  const svc = await startInProcess(
    parse(rawConfig({ prefix, redisUrl: redisUrl(), imap, imapExtra: { startFrom } })),
    ['poller', 'worker'],
  );
  const store = svc.ctx.stores.messages;
  return { svc, store, imap };
}

describe('imap.startFrom for a new cursor', () => {
  it('"now" ingests only mail that arrives after start-up', async () => {
    const { svc, store, imap } = await withStartFrom('now', [
      { id: '<old-1@x>', date: new Date('2026-01-05') },
    ]);
    try {
      await waitFor(async () => (await svc.ctx.stores.cursors.get('studio')) !== null, 'a cursor');
      await appendAll(imap, [sampleMessage(1, { messageId: '<new-1@x>' })]);
      await waitFor(async () => (await store.count('studio')) >= 1, 'the new message');
      const ids = (await store.list('studio', 10)).map((r) => r.messageId);
      expect(ids).toEqual(['<new-1@x>']);
    } finally {
      await svc.stop();
    }
  });

  it('a date ingests mail that arrived on or after it', async () => {
    const { svc, store } = await withStartFrom('2026-03-01', [
      { id: '<before@x>', date: new Date('2026-02-10T12:00:00Z') },
      { id: '<after@x>', date: new Date('2026-03-02T12:00:00Z') },
      { id: '<later@x>', date: new Date('2026-04-02T12:00:00Z') },
    ]);
    try {
      await waitFor(async () => (await store.count('studio')) >= 2, 'two records');
      const ids = (await store.list('studio', 10)).map((r) => r.messageId).sort();
      expect(ids).toEqual(['<after@x>', '<later@x>']);
    } finally {
      await svc.stop();
    }
  });
});
