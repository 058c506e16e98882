import type { Cluster, Redis } from 'ioredis';

/**
 * What the stores talk to: one Redis, or an ioredis Cluster (`redis.cluster` / a `redis+cluster://` URL). Both
 * take the same commands; on a cluster each command, script or MULTI must keep to one hash slot (keyspace.ts
 * says how keys are tagged for that), and the few reads that span slots go through the helpers below.
 */
export type RedisClient = Redis | Cluster;

export function isCluster(r: RedisClient): r is Cluster {
  return (r as Cluster).isCluster === true;
}

/** The hash tag Redis hashes a key by (the whole key when it has none). */
export function slotTag(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return key.slice(open + 1, close);
  }
  return key;
}

/**
 * MGET of keys that may live in different slots: one MGET on a single Redis; on a cluster one MGET per hash
 * tag, sent side by side (keys without a tag are read one by one). Values come back in the order of `keys`.
 */
export async function mgetAny(r: RedisClient, keys: string[]): Promise<Array<string | null>> {
  if (keys.length === 0) return [];
  if (!isCluster(r)) return r.mget(keys);
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const t = slotTag(k);
    const g = groups.get(t);
    if (g) g.push(i);
    else groups.set(t, [i]);
  });
  const out = new Array<string | null>(keys.length).fill(null);
  await Promise.all(
    [...groups.values()].map(async (idx) => {
      const values = await r.mget(idx.map((i) => keys[i]!));
      idx.forEach((i, j) => (out[i] = values[j] ?? null));
    }),
  );
  return out;
}

/**
 * The servers that hold keys: the one Redis, or every master of a cluster (a SCAN sees only the keys of the node
 * it runs on).
 */
export function keyHolders(r: RedisClient): Redis[] {
  return isCluster(r) ? r.nodes('master') : [r];
}
