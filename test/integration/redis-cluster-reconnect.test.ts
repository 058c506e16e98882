import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisTarget } from '../../src/config/redis-target.ts';
import { redisFactory, type RedisFactory } from '../../src/queue/connection.ts';
import { clusterReady, startLocalCluster, type LocalCluster } from '../../src/sandbox/redis-cluster.ts';
import { waitFor } from '../harness/wait.ts';

/**
 * BullMQ resets a worker's blocking connection (disconnect, then `connect()`) when a blocking read outlives its
 * timeout, as it does while a master fails over; the worker waits for that `connect()`. It must settle while the
 * cluster is down (cluster_state:fail): ioredis's ready check made it hang for good there (redis/ioredis#709),
 * and the worker with it, so jobs on the moved master's queues stayed waiting after the failover
 * (redis-cluster.test.ts, under load). Then the same client works again once the cluster is whole.
 */
let cluster: LocalCluster;
let connections: RedisFactory;

beforeAll(async () => {
  cluster = await startLocalCluster(3);
  connections = redisFactory(redisTarget({ url: cluster.url }));
}, 60_000);
afterAll(async () => {
  await connections?.closeAll();
  await cluster?.destroy();
}, 60_000);

async function clusterState(port: number): Promise<string> {
  const r = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    return /cluster_state:(\w+)/.exec(String(await r.cluster('INFO')))?.[1] ?? '';
  } catch {
    return '';
  } finally {
    r.disconnect();
  }
}

it('a blocking client reconnects while the cluster is down, and works once it is whole again', async () => {
  const client = connections.blocking();
  expect(await client.set('{reconnect}:k', 'before')).toBe('OK');
  // A master with no replica stops: its slots are unserved and every other node says cluster_state:fail.
  const down = cluster.nodes[0]!;
  await down.stop('SIGKILL');
  const others = cluster.nodes.filter((n) => n !== down);
  await waitFor(
    async () => (await Promise.all(others.map((n) => clusterState(n.port)))).every((s) => s === 'fail'),
    'cluster_state:fail on the surviving nodes',
    30_000,
  );

  // What BullMQ's watchdog does to a blocking connection: disconnect, then wait for connect().
  client.disconnect();
  await waitFor(() => ['close', 'end'].includes(client.status), 'the client to close', 5_000);
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    client.connect().then(
      () => 'resolved',
      (err: Error) => `rejected: ${err.message}`,
    ),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still pending'), 15_000))),
  ]);
  clearTimeout(timer);
  expect(settled).not.toBe('still pending');

  await down.start();
  await Promise.all(cluster.nodes.map((n) => clusterReady(n.port)));
  // (What the stopped master held may be lost with it: AOF is fsynced every second, so write anew.)
  await waitFor(
    () => client.set('{reconnect}:k', 'after').catch(() => null),
    'a write after the outage',
    30_000,
  );
  expect(await client.get('{reconnect}:k')).toBe('after');
}, 120_000);
