import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { QUEUES } from '../../src/queue/names.ts';
import { testConfig, testConfigInput, writeConfigFile } from '../harness/config.ts';
import { testContext } from '../harness/context.ts';
import { runCliInProcess } from '../harness/cli.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { messageRecord, triageResult } from '../harness/records.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import type { OwnedContext } from '../../src/create-context.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * An installation from before the hash-tagged key layout: its keys written as the first layout named them (and
 * BullMQ under `<prefix>:bull`), then `tactful migrate-keys`. Afterwards the service's own stores and queues
 * find everything: the record and its triage, the draft in its status listing, the cursor, a delayed send job.
 */
const prefix = uniquePrefix('layout-migration');
const env = { ...process.env, REDIS_URL: '' };
let redis: Redis;
let configFile: string;

const record = messageRecord({ id: 'a1b2c3d4e5f6a1b2c3d4e5f6', inbox: 'studio' });
const draft: DraftRecord = {
  id: `m_${record.id}`,
  inbox: 'studio',
  messageId: record.messageId,
  recordId: record.id,
  invoiceId: null,
  step: null,
  kind: 'angry',
  language: 'en',
  to: 'a@client.test',
  cc: [],
  subject: 'Re: x',
  body: 'Hello\n',
  inReplyTo: null,
  references: [],
  unattended: false,
  sendAt: '2026-11-23T10:00:00.000Z',
  status: 'scheduled',
  error: null,
  outgoingMessageId: '<tactful-1@agency.test>',
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:30:00.000Z',
  sentAt: null,
  promisedBy: null,
  priority: 0.5,
  audit: [],
};
const cursor = { uidValidity: '7', lastUid: 41, updatedAt: '2026-11-23T09:00:00.000Z' };

beforeAll(async () => {
  redis = new Redis(redisUrl());
  configFile = writeConfigFile(testConfigInput({ prefix, user: newMailUser('migrate') }));
  const old = (rest: string) => `${prefix}:${rest}`;
  await redis
    .multi()
    .set(old(`msg:${record.id}`), JSON.stringify({ ...record, triage: undefined }))
    .set(old(`msg-triage:${record.id}`), JSON.stringify(triageResult({ angry: true })))
    .zadd(old('msgs:studio'), Date.parse(record.internalDate), record.id)
    .set(old(`draft:${draft.id}`), JSON.stringify(draft))
    .zadd(old('drafts:studio'), Date.parse(draft.createdAt), draft.id)
    .zadd(old('drafts:studio:scheduled'), Date.parse(draft.createdAt), draft.id)
    .sadd(old('draft-inboxes'), 'studio')
    .set(old('cursor:studio'), JSON.stringify(cursor))
    .exec();
  const q = new Queue(QUEUES.send, { connection: redis, prefix: `${prefix}:bull` });
  await q.add(
    QUEUES.send,
    { draftId: draft.id, inboxId: 'studio', attempt: 1 },
    { jobId: 'send_old', delay: 3600_000 },
  );
  await q.close();
});
afterAll(async () => {
  await redis.quit();
  await wipePrefix(prefix);
});

describe('tactful migrate-keys', () => {
  it('serve refuses to start on the old layout and says what to run', async () => {
    const res = await runCliInProcess(['serve', '--config', configFile], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/old layout .*cursor:studio.*tactful migrate-keys/);
    // Refused before anything starts: no key of the new layout (a queue's meta, say) is written beside the old.
    expect(await redis.keys(`${prefix}:{*`)).toEqual([]);
  });

  it('moves every key, after which the stores and queues find everything', async () => {
    const dry = await runCliInProcess(['migrate-keys', '--config', configFile, '--dry-run'], { env });
    expect(dry.stdout).toMatch(/would move \d+ keys, 2 records indexed/);
    expect(await redis.exists(`${prefix}:cursor:studio`)).toBe(1); // a dry run changes nothing

    const res = await runCliInProcess(['migrate-keys', '--config', configFile], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/moved \d+ keys, 2 records indexed by inbox/);

    let ctx: OwnedContext | undefined;
    try {
      ctx = testContext(testConfig({ prefix, user: newMailUser('after') }));
      const got = await ctx.stores.messages.get(record.id);
      expect(got?.triage).toMatchObject({ angry: true });
      expect((await ctx.stores.messages.list('studio', 10)).map((m) => m.id)).toEqual([record.id]);
      expect((await ctx.stores.drafts.list({ status: ['scheduled'] })).map((d) => d.id)).toEqual([draft.id]);
      expect(await ctx.stores.cursors.get('studio')).toEqual(cursor);
      const job = await ctx.queues.send.getJob('send_old');
      expect(await job?.getState()).toBe('delayed');
    } finally {
      await ctx?.close();
    }
    // Nothing of the old layout is left, and a second run has nothing to do.
    expect(await redis.keys(`${prefix}:bull:*`)).toEqual([]);
    const again = await runCliInProcess(['migrate-keys', '--config', configFile], { env });
    expect(again.stdout).toMatch(/moved 0 keys, 0 records/);
  });
});
