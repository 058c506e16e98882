import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisTarget } from '../../src/config/redis-target.ts';
import { checkRedis } from '../../src/doctor/redis-check.ts';
import { QUEUES } from '../../src/queue/names.ts';
import {
  addReplica,
  masterOf,
  promoted,
  startLocalCluster,
  type LocalCluster,
} from '../../src/sandbox/redis-cluster.ts';
import { testConfig } from '../harness/config.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { appendMessages, searchMailbox } from '../harness/mailbox.ts';
import { startPipeline, type Pipeline } from '../harness/pipeline.ts';
import { uniquePrefix } from '../harness/redis.ts';
import { waitUntil } from '../harness/wait.ts';

/**
 * The whole path — IMAP poller → ingest → triage → draft → a lead's approval through the JSON API → SMTP and the
 * Sent folder — on a Redis Cluster of three masters (private redis-servers, AOF on), then again after the master
 * holding the inbox's records fails and its replica takes over.
 */
const MONDAY_1000_STOCKHOLM = new Date('2026-11-23T09:00:00Z');
/** testConfig()'s API token. */
const API_TOKEN = 'test-token-0123456789';
const prefix = uniquePrefix('redis-cluster');
let cluster: LocalCluster;
let user: MailUser;
let svc: Pipeline;

beforeAll(async () => {
  cluster = await startLocalCluster(3);
  user = newMailUser('cluster');
  svc = await startPipeline({
    at: '2026-11-23T09:05:00Z',
    config: (smtp) => {
      const c = testConfig({
        prefix,
        user,
        inbox: { smtp },
        extra: { ingest: { pollSeconds: 5, leaseSeconds: 5 } },
      });
      return { ...c, redis: { ...c.redis, url: cluster.url } };
    },
    roles: ['web', 'poller', 'worker'],
  });
}, 120_000);
// Stopping waits for the workers' blocking connections, which may still be finding the new master.
afterAll(async () => {
  await svc?.stop();
  await cluster?.destroy();
}, 120_000);

const angry = (n: number) =>
  `From: Paul Client <paul@client.test>\r\nTo: ${user.address}\r\nSubject: Site down again\r\n` +
  `Message-ID: <angry-${n}@client.test>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n` +
  'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
  'This is UNACCEPTABLE! The site is down for the third time this week and we are losing customers ' +
  'because of you. Terrible service. Fix it NOW or we will find another agency!\r\n';
const calm = () =>
  `From: Ada Client <ada@client.test>\r\nTo: ${user.address}\r\nSubject: New drafts\r\n` +
  'Message-ID: <calm-1@client.test>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n' +
  'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
  'Hello, thanks for the new homepage drafts, they look lovely. We will go through them with the team on ' +
  'Thursday and come back to you with notes.\r\n';

/** Waits for the angry message's draft, approves it as a lead and waits until it went out. */
async function approveAndSend(messageId: string) {
  const drafts = () => svc.ctx.stores.drafts.list({ inboxes: ['studio'] });
  // Generous: after a failover the clients first refresh the slot map; a loaded machine makes that slow.
  const draft = await waitUntil(drafts, (l) => l.some((d) => d.messageId === messageId), 60_000).then((l) =>
    l.find((d) => d.messageId === messageId)!,
  );
  expect(draft).toMatchObject({ kind: 'angry', status: 'pending' });
  const res = await fetch(`${svc.service.url}/api/drafts/${draft.id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return waitUntil(
    () => svc.ctx.stores.drafts.get(draft.id),
    (d) => d?.status === 'sent',
    60_000,
  );
}

/** How many of the prefix's keys each master holds. */
async function keysPerMaster(): Promise<number[]> {
  return Promise.all(
    cluster.nodes
      .filter((n) => n.running())
      .map(async (n) => {
        const r = new Redis(n.port, '127.0.0.1');
        try {
          let cursor = '0';
          let count = 0;
          do {
            const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
            cursor = next;
            count += keys.length;
          } while (cursor !== '0');
          return count;
        } finally {
          r.disconnect();
        }
      }),
  );
}

describe('on a Redis Cluster', () => {
  it('ingests, triages, drafts and sends exactly once, with records and queues spread over the masters', async () => {
    await appendMessages(user, [
      { raw: angry(1), date: MONDAY_1000_STOCKHOLM },
      { raw: calm(), date: MONDAY_1000_STOCKHOLM },
    ]);
    const records = await waitUntil(
      () => svc.ctx.stores.messages.list('studio', 10),
      (l) => l.length === 2 && l.every((r) => r.triage !== null),
      30_000,
    );
    expect(records.find((r) => r.messageId === '<angry-1@client.test>')!.triage).toMatchObject({
      angry: true,
    });
    const sent = await approveAndSend('<angry-1@client.test>');
    const [delivery] = await svc.sink.waitForDeliveries(1);
    expect(delivery!.to).toEqual(['paul@client.test']);
    expect(
      await searchMailbox(user, 'Sent', { header: { 'message-id': sent!.outgoingMessageId } }),
    ).toHaveLength(1);
    // Only the angry message has a draft.
    expect((await svc.ctx.stores.drafts.list({ inboxes: ['studio'] })).map((d) => d.messageId)).toEqual([
      '<angry-1@client.test>',
    ]);
    // The inbox's records and the queues hash to different slots: more than one master holds keys.
    expect((await keysPerMaster()).filter((n) => n > 0).length).toBeGreaterThan(1);
    // The sign-in rate limit keeps its counters in the cluster too: a refused sign-in is a 403, not a 500.
    const login = await fetch(`${svc.service.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=x%40y.test&password=nope',
    });
    expect(login.status).toBe(403);
    const queueMasters = new Set(
      await Promise.all(Object.values(QUEUES).map(async (q) => (await masterOf(cluster, `bull:${q}`)).port)),
    );
    expect(queueMasters.size).toBeGreaterThan(1);
  }, 90_000);

  it('tactful doctor checks the cluster and every node for AOF and noeviction', async () => {
    const results = await checkRedis(redisTarget({ url: cluster.url }));
    expect(results[0]).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^state ok, 3 masters/),
    });
    for (const n of cluster.nodes)
      expect(results).toContainEqual(
        expect.objectContaining({ status: 'pass', what: `redis durability 127.0.0.1:${n.port} (master)` }),
      );
    const r = new Redis(cluster.nodes[1]!.port, '127.0.0.1');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const again = await checkRedis(redisTarget({ url: cluster.url }));
      expect(again).toContainEqual(
        expect.objectContaining({
          status: 'warn',
          what: `redis eviction 127.0.0.1:${cluster.nodes[1]!.port} (master)`,
        }),
      );
    } finally {
      await r.config('SET', 'maxmemory-policy', 'noeviction');
      r.disconnect();
    }
  });

  it('goes on after the master holding the inbox fails over to its replica: nothing lost, nothing sent twice', async () => {
    const master = await masterOf(cluster, 'studio');
    const replica = await addReplica(cluster, master.port);
    await cluster.nodes.find((n) => n.port === master.port)!.stop('SIGKILL');
    await promoted(replica.port);

    await appendMessages(user, [{ raw: angry(2), date: MONDAY_1000_STOCKHOLM }]);
    await approveAndSend('<angry-2@client.test>');
    const records = await svc.ctx.stores.messages.list('studio', 10);
    expect(records.map((r) => r.messageId).sort()).toEqual([
      '<angry-1@client.test>',
      '<angry-2@client.test>',
      '<calm-1@client.test>',
    ]);
    const deliveries = await svc.sink.waitForDeliveries(2);
    expect(deliveries.map((d) => d.to)).toEqual([['paul@client.test'], ['paul@client.test']]);
    expect(await searchMailbox(user, 'Sent', { all: true })).toHaveLength(2);
  }, 150_000);
});
