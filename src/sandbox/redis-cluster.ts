import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { parseClusterNodes, type ClusterNodeLine } from '../doctor/redis-cluster-nodes.ts';
import { parseInfo } from '../doctor/redis-durability.ts';
import { startRedisProcess, type RedisProcess } from './redis-process.ts';

const run = promisify(execFile);

/** Every node: AOF on and noeviction (what `tactful doctor` asks of every node). */
const NODE_ARGS = [
  '--cluster-enabled',
  'yes',
  '--cluster-config-file',
  'nodes.conf',
  // A master that stops answering is failed over after this: short, so a test's failover takes seconds.
  '--cluster-node-timeout',
  '2000',
  '--appendonly',
  'yes',
  '--save',
  '',
  '--maxmemory-policy',
  'noeviction',
];

/** A local Redis Cluster of private redis-server processes, for tests. */
export interface LocalCluster {
  nodes: RedisProcess[];
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,…`: what `redis.url` takes. */
  url: string;
  destroy(): Promise<void>;
}

/**
 * `masters` cluster-enabled redis-servers joined by `redis-cli --cluster create … --cluster-replicas 0`, which
 * splits the 16384 slots evenly. Resolves once every node says `cluster_state:ok`.
 */
export async function startLocalCluster(masters = 3): Promise<LocalCluster> {
  const nodes: RedisProcess[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      nodes.push(
        await startRedisProcess({
          label: `cluster-${i}`,
          args: NODE_ARGS,
        }),
      );
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    await Promise.all(nodes.map((n) => clusterReady(n.port)));
    return {
      nodes,
      url: `redis+cluster://${addresses.join(',')}`,
      async destroy() {
        await Promise.all(nodes.map((n) => n.destroy()));
      },
    };
  } catch (err) {
    await Promise.all(nodes.map((n) => n.destroy()));
    throw err;
  }
}

/** Waits until the node at `port` reports `cluster_state:ok` (every slot served), up to `timeoutMs`. */
export async function clusterReady(port: number, timeoutMs = 30_000): Promise<void> {
  const r = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const info = await r.cluster('INFO').catch(() => '');
      if (/cluster_state:ok/.test(String(info))) return;
      if (Date.now() > deadline) throw new Error(`cluster node ${port} not ready after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 100));
    }
  } finally {
    r.disconnect();
  }
}

/** The cluster's view from the node at `port`: every node, its role and slots (CLUSTER NODES). */
export async function clusterNodes(port: number): Promise<ClusterNodeLine[]> {
  const r = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    return parseClusterNodes(String(await r.cluster('NODES')));
  } finally {
    r.disconnect();
  }
}

/** The master serving the slot of hash tag `tag` (e.g. an inbox id), as its node line. */
export async function masterOf(cluster: LocalCluster, tag: string): Promise<ClusterNodeLine> {
  const seed = cluster.nodes.find((n) => n.running())!;
  const r = new Redis(seed.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    const slot = Number(await r.cluster('KEYSLOT', `{${tag}}`));
    const nodes = parseClusterNodes(String(await r.cluster('NODES')));
    const found = nodes.find(
      (n) =>
        n.role === 'master' &&
        !n.failing &&
        n.slots.some((range) => {
          const [from, to = from] = range.split('-').map(Number);
          return slot >= from! && slot <= to!;
        }),
    );
    if (!found) throw new Error(`no master serves slot ${slot} of {${tag}}`);
    return found;
  } finally {
    r.disconnect();
  }
}

/**
 * Adds a replica of the master at `masterPort` (a new node, joined with `redis-cli --cluster add-node
 * --cluster-slave`) and resolves once it has copied everything the master has (equal replication offsets).
 */
export async function addReplica(cluster: LocalCluster, masterPort: number): Promise<RedisProcess> {
  const master = (await clusterNodes(masterPort)).find((n) => n.port === masterPort && n.role === 'master');
  if (!master) throw new Error(`${masterPort} is not a master`);
  const replica = await startRedisProcess({ label: 'cluster-replica', args: NODE_ARGS });
  cluster.nodes.push(replica);
  await run('redis-cli', [
    '--cluster',
    'add-node',
    `127.0.0.1:${replica.port}`,
    `127.0.0.1:${masterPort}`,
    '--cluster-slave',
    '--cluster-master-id',
    master.id,
  ]);
  const m = new Redis(masterPort, '127.0.0.1', { maxRetriesPerRequest: 1 });
  const s = new Redis(replica.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  for (const c of [m, s]) c.on('error', () => undefined);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mi = parseInfo(await m.info('replication'));
      const si = parseInfo(await s.info('replication'));
      if (
        si.get('master_link_status') === 'up' &&
        si.get('slave_repl_offset') !== undefined &&
        si.get('slave_repl_offset') === mi.get('master_repl_offset')
      )
        return replica;
      if (Date.now() > deadline) throw new Error('the replica did not catch up in 30 s');
      await new Promise((res) => setTimeout(res, 100));
    }
  } finally {
    m.disconnect();
    s.disconnect();
  }
}

/** Resolves once the node at `port` is a master that serves slots and the cluster is whole again. */
export async function promoted(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const me = (await clusterNodes(port).catch(() => [])).find((n) => n.port === port);
    if (me?.role === 'master' && me.slots.length > 0) return clusterReady(port, deadline - Date.now());
    if (Date.now() > deadline) throw new Error(`node ${port} was not promoted within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
