import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { testConfig } from '../harness/config.ts';
import { testContext } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import type { OwnedContext } from '../../src/create-context.ts';
import { ingestMessage, type IngestDeps } from '../../src/ingest/ingest-message.ts';
import { dedupeKeyFor, parseToRecord } from '../../src/mail/parse.ts';
import { draftIdFor, recordId } from '../../src/model/ids.ts';
import { QUEUES } from '../../src/queue/names.ts';
import { bullPrefix } from '../../src/store/keyspace.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';
import type { ToneClassifier } from '../../src/triage/tone/classifier.ts';

/**
 * The ingest job is the whole pipeline of a new message since issue 15 (fetch, parse, store, triage, hooks,
 * draft): these tests drive `ingestMessage` with a fetcher that serves sources from memory, on the real stores,
 * and break it at chosen points to show that a retry repeats work but never its effect.
 */

const prefix = uniquePrefix('ingest-pipeline');
const user = newMailUser('pipeline');
const config = testConfig({ prefix, user, inbox: { aliases: [] } });
const inbox = config.inboxes[0]!;
// Tuesday 10:14 in Stockholm: office hours, so calm mail needs no reply.
const NOW = new Date('2026-11-24T09:14:00Z');
let ctx: OwnedContext;

beforeAll(() => {
  ctx = testContext(config, { clock: new ManualClock(NOW) });
});
afterAll(async () => {
  await ctx.close();
  await wipePrefix(prefix);
});

const sources = new Map<number, string>();
let uid = 0;

/** A message in the fake mailbox; returns its job and the record id ingest will give it. */
function deliver(body: string, over: { subject?: string; from?: string } = {}) {
  uid += 1;
  const messageId = `<pipe-${uid}-${Date.now()}@client.example>`;
  const raw = [
    'Return-Path: <anna@client.example>',
    `From: Anna Client <${over.from ?? 'anna@client.example'}>`,
    `To: Studio <${inbox.address}>`,
    `Subject: ${over.subject ?? `Homepage review ${uid}`}`,
    'Date: Tue, 24 Nov 2026 10:14:00 +0100',
    `Message-ID: ${messageId}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
  sources.set(uid, raw);
  const job = { inboxId: inbox.id, uidValidity: '7', uid, messageId };
  return { job, id: recordId(inbox.id, dedupeKeyFor(messageId, raw)), raw };
}

function deps(over: Partial<IngestDeps> & { ctx?: AppContext } = {}): IngestDeps {
  return {
    fetch: async (job) => {
      const raw = sources.get(job.uid);
      if (!raw) return { kind: 'gone' };
      return { kind: 'ok', source: Buffer.from(raw), size: raw.length, internalDate: NOW };
    },
    messages: ctx.stores.messages,
    ctx,
    classifier: loadBuiltinClassifier(),
    triageQueue: ctx.queues.triage,
    clock: ctx.clock,
    metrics: ctx.metrics,
    maxMessageBytes: config.ingest.maxMessageBytes,
    log: ctx.log,
    ...over,
  };
}

async function jobIds(queue: string): Promise<string[]> {
  const q = new Queue(queue, { connection: ctx.redis, prefix: bullPrefix(prefix, queue) });
  try {
    const jobs = await q.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    return jobs.map((j) => j.id!);
  } finally {
    await q.close();
  }
}

async function triageCount(category: string): Promise<number> {
  const m = (await ctx.metrics.registry.getSingleMetric('tactful_triage_results_total')!.get()).values;
  return m.find((v) => v.labels.inbox === inbox.id && v.labels.category === category)?.value ?? 0;
}

const CALM = 'Hi! The new homepage looks lovely. Could you send the mobile version on Thursday? Thanks, Anna';
const ANGRY =
  'This is the THIRD time I ask for the invoice corrections!!! Completely unacceptable. If this is not ' +
  'fixed today we will cancel the contract and talk to our lawyer.';

describe('one ingest job: fetch → record → triage → hooks → draft', () => {
  it('stores the record with its triage result, runs the conversation hooks, and queues no other job', async () => {
    const { job, id } = deliver(CALM);
    const before = await triageCount('none');
    expect(await ingestMessage(deps(), job)).toBe('ok');

    const rec = await ctx.stores.messages.get(id);
    expect(rec?.triage).toMatchObject({ afterHours: false, angry: false, autoReply: { allowed: true } });
    expect(await triageCount('none')).toBe(before + 1);
    // The conversation hook ran (the client's history has the message)…
    const events = await ctx.stores.clients.events(inbox.id, 'anna@client.example');
    expect(events.map((e) => e.recordId)).toContain(id);
    // …and nothing went through the triage or draft queues: calm mail in office hours has no reply.
    expect(await jobIds(QUEUES.triage)).not.toContain(`triage_${id}`);
    expect(await jobIds(QUEUES.draft)).not.toContain(`draft_${id}`);
    expect(await ctx.stores.drafts.get(draftIdFor({ recordId: id, invoiceId: null, step: null }))).toBeNull();
  });

  it('makes the draft of angry mail in the same job', async () => {
    const { job, id } = deliver(ANGRY, { subject: 'Invoice corrections, AGAIN' });
    expect(await ingestMessage(deps(), job)).toBe('ok');
    const rec = await ctx.stores.messages.get(id);
    expect(rec?.triage?.angry).toBe(true);
    const draft = await ctx.stores.drafts.get(draftIdFor({ recordId: id, invoiceId: null, step: null }));
    expect(draft).toMatchObject({ kind: 'angry', status: 'pending', recordId: id });
    expect(await jobIds(QUEUES.draft)).not.toContain(`draft_${id}`);
  });

  it('a crash after the record and its result are stored: the retry makes the one draft and runs the hooks once more, the result is counted once', async () => {
    const { job, id } = deliver(ANGRY, { subject: 'Still broken' });
    const draftId = draftIdFor({ recordId: id, invoiceId: null, step: null });
    // The draft store fails once, as a process dying at that point would: after the write, before the draft.
    let failures = 1;
    const drafts = Object.create(ctx.stores.drafts, {
      get: {
        value: async (did: string) => {
          if (failures-- > 0) throw new Error('killed before the draft');
          return ctx.stores.drafts.get(did);
        },
      },
    }) as typeof ctx.stores.drafts;
    const broken: AppContext = { ...ctx, stores: { ...ctx.stores, drafts } };
    const before = await triageCount('angry');

    await expect(ingestMessage(deps({ ctx: broken }), job)).rejects.toThrow('killed before the draft');
    expect((await ctx.stores.messages.get(id))?.triage?.angry).toBe(true);
    expect(await ctx.stores.drafts.get(draftId)).toBeNull();

    // BullMQ runs the job again (retry = true): the record is there, the steps after it are repeated.
    expect(await ingestMessage(deps({ ctx: broken }), job, true)).toBe('duplicate');
    expect(await ctx.stores.drafts.get(draftId)).toMatchObject({ kind: 'angry', status: 'pending' });
    // Once more, as after a crash right at the end: nothing new.
    expect(await ingestMessage(deps(), job, true)).toBe('duplicate');
    const all = await ctx.stores.drafts.list({ inboxes: [inbox.id] });
    expect(all.filter((d) => d.recordId === id)).toHaveLength(1);
    expect(await triageCount('angry')).toBe(before + 1);
    const events = await ctx.stores.clients.events(inbox.id, 'anna@client.example');
    expect(events.filter((e) => e.recordId === id)).toHaveLength(1);
  });

  it('a second job for a message already ingested (a new UIDVALIDITY) stores nothing and adds no job', async () => {
    const { job, id } = deliver(CALM);
    expect(await ingestMessage(deps(), job)).toBe('ok');
    const again = { ...job, uidValidity: '8' };
    expect(await ingestMessage(deps(), again)).toBe('duplicate');
    expect(await ctx.stores.messages.count(inbox.id)).toBeGreaterThan(0);
    expect(await jobIds(QUEUES.triage)).not.toContain(`triage_${id}`);
  });

  it('a record stored without a result (by the version before, its triage job lost) is triaged by the next ingest job', async () => {
    const { job, id, raw } = deliver(CALM);
    const old = await parseToRecord(
      Buffer.from(raw),
      {
        inbox: inbox.id,
        uid: job.uid,
        uidValidity: '7',
        internalDate: NOW,
        size: raw.length,
        messageId: job.messageId,
      },
      { now: NOW },
    );
    expect(old.id).toBe(id);
    expect(await ctx.stores.messages.putIfAbsent(old)).toBe(true);
    expect((await ctx.stores.messages.get(id))?.triage).toBeNull();
    expect(await ingestMessage(deps(), { ...job, uidValidity: '8' })).toBe('duplicate');
    expect((await ctx.stores.messages.get(id))?.triage).toMatchObject({ angry: false });
  });

  it('triage that throws (a bug, not the mail): the record is stored and the triage worker gets the job', async () => {
    const { job, id } = deliver(CALM);
    const broken = Object.create(loadBuiltinClassifier(), {
      score: {
        value: () => {
          throw new Error('model bug');
        },
      },
    }) as ToneClassifier;
    expect(await ingestMessage(deps({ classifier: broken }), job)).toBe('ok');
    expect((await ctx.stores.messages.get(id))?.triage).toBeNull();
    expect(await jobIds(QUEUES.triage)).toContain(`triage_${id}`);
  });

  it('a message over the size limit is stored with its error and gets no triage', async () => {
    const { job, id } = deliver(CALM);
    const big = deps({
      fetch: async () => ({
        kind: 'too_large',
        size: 99_000_000,
        internalDate: NOW,
        envelope: { subject: 'huge', from: { address: 'anna@client.example', name: 'Anna' } },
      }),
    });
    expect(await ingestMessage(big, job)).toBe('too_large');
    const rec = (await ctx.stores.messages.list(inbox.id, 50)).find((r) => r.error?.code === 'too_large');
    expect(rec?.triage).toBeNull();
    expect(await jobIds(QUEUES.triage)).not.toContain(`triage_${id}`);
  });
});
