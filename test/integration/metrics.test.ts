import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FastifyInstance } from 'fastify';

import type { OwnedContext } from '../../src/create-context.ts';

import { appendMessages } from '../harness/mailbox.ts';

import type { Queues } from '../../src/queue/queues.ts';

import { buildApp } from '../../src/web/app.ts';

import { startRoles, type Service } from '../../src/workers/run.ts';

import { injectLogin, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';

import {
  newMailUser,
  testConfig,
  testContext,
  uniquePrefix,
  wipePrefix,
  type MailUser,
} from '../harness/context.ts';

const prefix = uniquePrefix('metrics');
const TOKEN = 'test-token-0123456789';

let queues: Queues;
let app: FastifyInstance;
let ctx: OwnedContext;
let mail: MailUser;

beforeAll(async () => {
  mail = newMailUser('metrics');
  const config = testConfig({ prefix, user: mail });
  ctx = testContext(config);
  queues = ctx.queues;
  app = await buildApp(ctx);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await ctx.close();
  await wipePrefix(prefix);
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format 0.0.4: every line is a comment (# HELP / # TYPE) or
 * `name{label="value",…} number`; anything else fails the test.
 */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  // Values are Go floats: NaN and Inf in any case (prom-client writes `Nan` for an empty event-loop sample).
  const sampleLine =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([-+]?(?:[0-9.]+(?:e[-+]?\d+)?|nan|inf))(?: \d+)?$/i;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

describe('GET /metrics', () => {
  it('refuses a scrape without credentials, and one with a wrong token', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-token-123' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('serves Prometheus text with the ingest histogram after a message was ingested', async () => {
    // The real ingest path: the poller sees the APPEND, the ingest worker stores the record and observes latency.
    let service: Service | undefined;
    try {
      service = await startRoles(ctx, ['poller', 'worker']);
      await appendMessages(mail, [
        `From: client@example.test\r\nTo: ${mail.address}\r\nSubject: metrics\r\nMessage-ID: <metrics-1@example.test>\r\n\r\nhi\r\n`,
      ]);
      const scrape = async () => {
        const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        return parsePrometheus(res.body);
      };
      const deadline = Date.now() + 20_000;
      let parsed = await scrape();
      const count = (p: typeof parsed) =>
        p.samples.find(
          (x) => x.name === 'tactful_ingest_latency_seconds_count' && x.labels.inbox === 'studio',
        )?.value ?? 0;
      while (count(parsed) < 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        parsed = await scrape();
      }
      expect(parsed.types.get('tactful_ingest_latency_seconds')).toBe('histogram');
      expect(count(parsed)).toBe(1);
      const inf = parsed.samples.find(
        (x) =>
          x.name === 'tactful_ingest_latency_seconds_bucket' &&
          x.labels.le === '+Inf' &&
          x.labels.inbox === 'studio',
      );
      expect(inf?.value).toBe(1);
      expect(
        parsed.samples.find(
          (x) =>
            x.name === 'tactful_messages_ingested_total' &&
            x.labels.inbox === 'studio' &&
            x.labels.outcome === 'ok',
        )?.value,
      ).toBe(1);
    } finally {
      await service?.close();
    }
  });

  it('samples queue depths from Redis at scrape time', async () => {
    await queues.triage.add('triage', { inboxId: 'studio', recordId: 'r1' }, { jobId: 'triage_r1' });
    await queues.triage.add('triage', { inboxId: 'studio', recordId: 'r2' }, { jobId: 'triage_r2' });
    await queues.send.add(
      'send',
      { draftId: 'd1', inboxId: 'studio', attempt: 1 },
      { jobId: 'send_d1_1', delay: 3_600_000 },
    );
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    const { samples } = parsePrometheus(res.body);
    const depth = (queue: string, state: string) =>
      samples.find(
        (s) => s.name === 'tactful_queue_depth' && s.labels.queue === queue && s.labels.state === state,
      )?.value;
    expect(depth('triage', 'waiting')).toBe(2);
    expect(depth('send', 'delayed')).toBe(1);
    expect(depth('ingest', 'waiting')).toBe(0);
  });
});

describe('GET /metrics with a web session', () => {
  const sessionPrefix = uniquePrefix('metrics-session');
  let f: WebFixture;
  beforeAll(async () => {
    f = await startWeb(sessionPrefix);
  });
  afterAll(async () => {
    await f?.close();
    await wipePrefix(sessionPrefix);
  });

  it('serves an admin who is signed in', async () => {
    const { cookie } = await injectLogin(f.app, USERS.admin);
    const res = await f.app.inject({ url: '/metrics', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^# TYPE tactful_queue_depth gauge$/m);
  });

  it('refuses a signed-in lead (403): metrics show every inbox', async () => {
    const { cookie } = await injectLogin(f.app, USERS.lead);
    const res = await f.app.inject({ url: '/metrics', headers: { cookie } });
    expect(res.statusCode).toBe(403);
  });
});
