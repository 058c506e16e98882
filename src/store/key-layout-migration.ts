import type { Redis } from 'ioredis';
import type { RecordKind } from './inbox-of.ts';

/**
 * The move from the first key layout (`<prefix>:<name>:<inbox>…`, BullMQ under `<prefix>:bull`) to the hash-tagged
 * one of keyspace.ts (issue 15: Redis Cluster). On one Redis, with every Tactful process stopped: each key is
 * renamed (RENAMENX, so nothing new is ever overwritten) and records get their `inbox-of` entry. Keys used alone
 * keep their names (ack, drafts-latest, inbox-status, send-lock, send-refused, reminder-claim, delivery,
 * ratelimit, draft-inboxes, oauth, admin). Running it again finds nothing left to move.
 */

/** What happens to one old key, from its name after `<prefix>:`. */
export type KeyPlan =
  | { op: 'keep' }
  /** The new name follows from the old one. */
  | { op: 'rename'; to: string }
  /** A record: the new name needs the inbox in its JSON. */
  | { op: 'record'; kind: RecordKind; id: string }
  /** A triage result: the new name needs its message's inbox. */
  | { op: 'triage'; id: string };

/** Indexes named `<name>:<inbox>[:<rest>]` that moved into the inbox's slot as `{<inbox>}:<name>[:<rest>]`. */
const BY_INBOX = new Set([
  'msgs',
  'drafts',
  'invs',
  'inv-num',
  'inv-thread',
  'inv-client',
  'cursor',
  'commitments',
  'commitments-client',
  'thread-of',
  'thread',
  'client-events',
  'client-event',
  'client-domain',
  'client-notes',
]);
const RECORDS: Record<string, RecordKind> = {
  msg: 'msg',
  draft: 'draft',
  inv: 'inv',
  commitment: 'commitment',
};

/** The plan for one key (`rest` is its name after `<prefix>:`). Pure. */
export function planKey(rest: string): KeyPlan {
  if (rest.includes('{')) return { op: 'keep' }; // already tagged: the new layout
  const [name = '', ...parts] = rest.split(':');
  if (parts.length === 0) return { op: 'keep' };
  if (name === 'bull') {
    const [queue, ...tail] = parts;
    return tail.length ? { op: 'rename', to: `{bull:${queue}}:${queue}:${tail.join(':')}` } : { op: 'keep' };
  }
  if (name === 'lease' && parts[0] === 'poller' && parts.length === 2)
    return { op: 'rename', to: `{${parts[1]}}:lease:poller` };
  if (name === 'registry' && parts.length === 1) return { op: 'rename', to: `{registry}:${parts[0]}` };
  if (name === 'msg-triage' && parts.length === 1) return { op: 'triage', id: parts[0]! };
  const kind = RECORDS[name];
  if (kind && parts.length === 1) return { op: 'record', kind, id: parts[0]! };
  if (BY_INBOX.has(name)) {
    const [inbox, ...tail] = parts;
    return { op: 'rename', to: [`{${inbox}}`, name, ...tail].join(':') };
  }
  return { op: 'keep' };
}

export interface MigrationReport {
  /** Keys renamed (or that would be, with dryRun). */
  renamed: number;
  /** `inbox-of` entries written. */
  indexed: number;
  /** Old keys left where they are, with the reason (a target that exists, a record without an inbox). */
  problems: string[];
}

async function* scanKeys(redis: Redis, match: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    if (keys.length) yield keys;
  } while (cursor !== '0');
}

/**
 * Moves every key under `prefix:` to the new layout. Two passes: records and indexes first, then triage results
 * (whose inbox is their message's, known from the first pass). `dryRun` counts without changing anything.
 */
export async function migrateKeyLayout(
  redis: Redis,
  prefix: string,
  opts: { dryRun?: boolean } = {},
): Promise<MigrationReport> {
  const report: MigrationReport = { renamed: 0, indexed: 0, problems: [] };
  const at = (rest: string) => `${prefix}:${rest}`;
  const move = async (from: string, to: string) => {
    if (opts.dryRun) return void report.renamed++;
    if ((await redis.renamenx(from, to)) === 1) report.renamed++;
    else report.problems.push(`${from}: ${to} exists already, left as it is`);
  };
  const msgInbox = new Map<string, string>();
  const triage: string[] = [];
  for await (const keys of scanKeys(redis, `${prefix}:*`)) {
    for (const key of keys) {
      const plan = planKey(key.slice(prefix.length + 1));
      if (plan.op === 'rename') await move(key, at(plan.to));
      else if (plan.op === 'triage') triage.push(plan.id);
      else if (plan.op === 'record') {
        const inbox = inboxOfJson(await redis.get(key));
        if (!inbox) {
          report.problems.push(`${key}: no inbox in the record, left as it is`);
          continue;
        }
        if (plan.kind === 'msg') msgInbox.set(plan.id, inbox);
        if (!opts.dryRun) await redis.set(at(`inbox-of:${plan.kind}:${plan.id}`), inbox, 'NX');
        report.indexed++;
        await move(key, at(`{${inbox}}:${plan.kind}:${plan.id}`));
      }
    }
  }
  for (const id of triage) {
    const inbox = msgInbox.get(id) ?? (await redis.get(at(`inbox-of:msg:${id}`)));
    if (inbox) await move(at(`msg-triage:${id}`), at(`{${inbox}}:msg-triage:${id}`));
    else report.problems.push(`${at(`msg-triage:${id}`)}: no message record, left as it is`);
  }
  return report;
}

function inboxOfJson(raw: string | null): string | null {
  try {
    const inbox = (JSON.parse(raw ?? 'null') as { inbox?: unknown } | null)?.inbox;
    return typeof inbox === 'string' && inbox && !/[{}]/.test(inbox) ? inbox : null;
  } catch {
    return null;
  }
}

/**
 * Keys that only the old layout has, for the inboxes and queues given (their cursors and BullMQ's queue meta):
 * a service started on them would find no cursor and no queue and start over. Empty on a fresh or migrated Redis.
 */
export async function oldLayoutKeys(
  redis: Pick<Redis, 'exists'>,
  prefix: string,
  inboxIds: string[],
  queues: string[],
): Promise<string[]> {
  const candidates = [
    ...inboxIds.map((id) => `${prefix}:cursor:${id}`),
    ...queues.map((q) => `${prefix}:bull:${q}:meta`),
  ];
  const found = await Promise.all(candidates.map(async (k) => ((await redis.exists(k)) === 1 ? k : null)));
  return found.filter((k): k is string => k !== null);
}

/** True while a poller holds one of these inboxes' leases, under the old layout or the new one. */
export async function pollerRunning(redis: Pick<Redis, 'exists'>, prefix: string, inboxIds: string[]) {
  const keys = inboxIds.flatMap((id) => [`${prefix}:lease:poller:${id}`, `${prefix}:{${id}}:lease:poller`]);
  return (await Promise.all(keys.map((k) => redis.exists(k)))).some((n) => n === 1);
}
