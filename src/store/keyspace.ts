/**
 * Key naming: every Redis key Tactful writes starts with the configured prefix, so one SCAN, ACL pattern or wipe
 * covers an installation. Only `src/store` builds keys (the stores take a Keyspace).
 *
 * On a Redis Cluster a command or script may only touch keys of one hash slot, and Redis hashes only the part of a
 * key between the first `{` and `}` (the hash tag) when there is one. So keys that one script or MULTI touches
 * together carry the same tag, and the tags are chosen to spread the data over the nodes:
 *   <prefix>:{<inbox>}:<name>:…       an inbox's records and indexes (one slot per inbox)
 *   <prefix>:{bull:<queue>}:<queue>:…  one BullMQ queue (its multi-key scripts stay in one slot; queues spread)
 *   <prefix>:{<group>}:<name>:…       other keys written together (e.g. a registry and its version counter)
 *   <prefix>:<name>:…                 a key only ever used alone (any slot)
 * The same layout is used on a single Redis, where tags change nothing, so both run the same code.
 */
export interface Keyspace {
  /** `<prefix>:<parts>`: a key only ever read or written on its own. */
  (...parts: Array<string | number>): string;
  /** `<prefix>:{<inbox>}:<parts>`: a key of the inbox's slot. */
  inbox(inboxId: string, ...parts: Array<string | number>): string;
  /** `<prefix>:{<group>}:<parts>`: a key of another group's slot (not an inbox id: those are `inbox`). */
  tagged(group: string, ...parts: Array<string | number>): string;
  readonly prefix: string;
}

/** A hash tag must not itself contain braces: Redis would cut it at the first `}` and keys would scatter. */
function tag(value: string): string {
  if (!value || /[{}]/.test(value)) throw new Error(`"${value}" cannot be a Redis hash tag`);
  return `{${value}}`;
}

export function keyspace(prefix: string): Keyspace {
  const plain = (...parts: Array<string | number>) => [prefix, ...parts].join(':');
  const tagged = (group: string, ...parts: Array<string | number>) =>
    [prefix, tag(group), ...parts].join(':');
  return Object.assign(plain, { inbox: tagged, tagged, prefix });
}

/**
 * BullMQ's prefix for one queue: `<prefix>:{bull:<queue>}`, so BullMQ's keys (`<that>:<queue>:wait`, …) share a
 * hash tag per queue — BullMQ's documented way to run on a cluster — and different queues land on different nodes.
 * Renaming a queue or this prefix strands the jobs under the old keys (README "Redis key layout").
 */
export const bullPrefix = (prefix: string, queue: string) => `${prefix}:${tag(`bull:${queue}`)}`;
