import { afterAll, describe, expect, it } from 'vitest';
import { startService } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import { ingestConfig, sampleMessage } from './ingest-support.ts';

const prefixes: string[] = [];
afterAll(() => Promise.all(prefixes.map((p) => wipePrefix(p))));

async function withStartFrom(startFrom: string, old: Array<{ id: string; date: Date }>) {
  const prefix = uniquePrefix('ingest-start');
  prefixes.push(prefix);
  const user = newMailUser('start');
  await appendMessages(
    user,
    old.map((m) => ({ raw: sampleMessage(0, { messageId: m.id }), date: m.date })),
  );
  const svc = await startService(ingestConfig({ prefix, user, imap: { startFrom } }), ['poller', 'worker']);
  const store = svc.ctx.stores.messages;
  return { svc, store, user };
}

describe('imap.startFrom for a new cursor', () => {
  it('"now" ingests only mail that arrives after start-up', async () => {
    const { svc, store, user } = await withStartFrom('now', [
      { id: '<old-1@x>', date: new Date('2026-01-05') },
    ]);
    try {
      await waitFor(async () => (await svc.ctx.stores.cursors.get('studio')) !== null, 'a cursor');
      await appendMessages(user, [sampleMessage(1, { messageId: '<new-1@x>' })]);
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
