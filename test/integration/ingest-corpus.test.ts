import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dedupeKeyFor } from '../../src/mail/parse.ts';
import { startService } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages, withMailbox } from '../harness/mailbox.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import { allRecords, ingestConfig, ingestDrained, ingestQueueCounts } from './ingest-support.ts';

const prefix = uniquePrefix('ingest-corpus');
afterAll(() => wipePrefix(prefix));

const CORPUS = resolve('../shared/data/eml');
const present = existsSync(CORPUS);

/** Every message file of the shared corpus (not its provenance notes). */
function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return corpusFiles(p);
    return /(^README|\.md$|source_commit$)/i.test(name) ? [] : [p];
  });
}

describe.skipIf(!present)('the shared real-world corpus (skipped: ../shared not found when missing)', () => {
  it('ingests every file the server accepts: a record each (or a clear parse error), the queue drains', async () => {
    const user = newMailUser('corpus');
    const files = corpusFiles(CORPUS);
    expect(files.length).toBeGreaterThan(300);
    await appendMessages(
      user,
      files.map((f) => readFileSync(f)),
      { tolerateRefusals: true },
    );

    // What the server holds is the ground truth: one dedupe key per distinct message it stored.
    const stored = await withMailbox(user, async (c) => {
      await c.mailboxOpen('INBOX', { readOnly: true });
      return c
        .fetchAll('1:*', { uid: true, envelope: true, source: true })
        .catch((err: Error & { responseText?: string }) => {
          throw new Error(`FETCH failed: ${err.message} ${err.responseText ?? ''}`, { cause: err });
        });
    });
    const expected = new Set(
      stored.map((m) => dedupeKeyFor(m.envelope?.messageId?.trim() || null, m.source!)),
    );
    expect(stored.length).toBeGreaterThan(files.length * 0.9);

    const svc = await startService(ingestConfig({ prefix, user }));
    try {
      // The cursor moves only after its batch is in the queue: once it covers the last UID, all is enqueued.
      const lastUid = Math.max(...stored.map((m) => m.uid));
      const cursors = svc.ctx.stores.cursors;
      await waitFor(async () => ((await cursors.get('studio'))?.lastUid ?? 0) >= lastUid, 'all enqueued');
      await waitFor(() => ingestDrained(redisUrl(), prefix), 'the ingest queue to drain', 120_000, 250);
    } finally {
      await svc.stop();
    }
    const records = await allRecords(redisUrl(), prefix);
    expect(new Set(records.map((r) => r.dedupeKey))).toEqual(expected);
    expect(records).toHaveLength(expected.size);
    for (const r of records.filter((x) => x.error)) {
      expect(r.error!.code).toMatch(/^(parse_error|too_large)$/);
      expect(r.error!.message.length).toBeGreaterThan(0);
    }
    expect((await ingestQueueCounts(redisUrl(), prefix)).failed).toBe(0);
    console.info(
      `corpus: ${files.length} files, ${stored.length} accepted by Dovecot, ${expected.size} distinct, ` +
        `${records.filter((r) => r.error).length} with an error`,
    );
  }, 240_000);
});
