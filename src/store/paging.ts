import { SafeError } from '../errors.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * Cursor paging over sorted sets. A listing is ordered by (score, id) — a total order, because ids are
 * unique — so the last item shown is a position that survives inserts: new items before it never shift what
 * comes after (unlike an offset), and one position works across several sets (inboxes, statuses) merged.
 * Redis orders members of equal score by their bytes; the ids here are ASCII, so JS `<` agrees with it.
 */

export type Direction = 'asc' | 'desc';

/** Where a listing stopped: the last item's sort score and id. */
export interface PagePosition {
  score: number;
  id: string;
}

/** A position read from one of a listing's sorted sets, with the inbox that set belongs to. */
export interface SourcedPosition extends PagePosition {
  inbox: string;
}

/** One sorted set of a listing and the inbox whose records it lists (its records live in that inbox's slot). */
export interface PageSource {
  key: string;
  inbox: string;
}

/** One page of a listing; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The list a cursor belongs to, so that a cursor of one listing is refused by another. */
export type ListName = 'messages' | 'drafts' | 'invoices';

/** Opaque to clients: base64url of the list name, the score and the id. */
export function encodeCursor(list: ListName, at: PagePosition): string {
  return Buffer.from(JSON.stringify([list, at.score, at.id])).toString('base64url');
}

const badCursor = () =>
  new SafeError('bad_request', 'cursor: is not a cursor of this list (use nextCursor as given)', 400);

/** The position in a cursor; a cursor that was not made by `encodeCursor` for this list is a 400. */
export function decodeCursor(list: ListName, cursor: string): PagePosition {
  if (cursor.length > 400 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw badCursor();
  const [name, score, id] = parsed as unknown[];
  if (name !== list || typeof score !== 'number' || !Number.isFinite(score)) throw badCursor();
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw badCursor();
  return { score, id };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Order of two positions in a listing's direction. */
export function comparePositions(dir: Direction) {
  const sign = dir === 'asc' ? 1 : -1;
  return (a: PagePosition, b: PagePosition) => sign * (a.score - b.score || byId(a.id, b.id));
}

function pairs(flat: string[]): PagePosition[] {
  const out: PagePosition[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, score: Number(flat[i + 1]) });
  return out;
}

/**
 * The first `count` members of one sorted set strictly after `after` in the listing's order. Two reads: the
 * members that share `after`'s score (ties, ordered by id) and those past that score (exclusive bound).
 */
export async function positionsAfter(
  redis: RedisClient,
  key: string,
  dir: Direction,
  after: PagePosition | null,
  count: number,
): Promise<PagePosition[]> {
  if (!after) {
    const flat =
      dir === 'desc'
        ? await redis.zrevrangebyscore(key, '+inf', '-inf', 'WITHSCORES', 'LIMIT', 0, count)
        : await redis.zrangebyscore(key, '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, count);
    return pairs(flat);
  }
  const s = String(after.score);
  const ties = (await redis.zrangebyscore(key, s, s))
    .filter((id) => (dir === 'desc' ? id < after.id : id > after.id))
    .map((id) => ({ score: after.score, id }));
  const past =
    dir === 'desc'
      ? await redis.zrevrangebyscore(key, `(${s}`, '-inf', 'WITHSCORES', 'LIMIT', 0, count)
      : await redis.zrangebyscore(key, `(${s}`, '+inf', 'WITHSCORES', 'LIMIT', 0, count);
  return [...ties.sort(comparePositions(dir)), ...pairs(past)].slice(0, count);
}

/**
 * The first `count` positions after `after` across several sets, merged in the listing's order. Each set is read
 * on its own (on a cluster they may live on different nodes).
 */
export async function mergedPositionsAfter(
  redis: RedisClient,
  sources: PageSource[],
  dir: Direction,
  after: PagePosition | null,
  count: number,
): Promise<SourcedPosition[]> {
  const lists = await Promise.all(
    sources.map(async (src) =>
      (await positionsAfter(redis, src.key, dir, after, count)).map((p) => ({ ...p, inbox: src.inbox })),
    ),
  );
  const seen = new Set<string>();
  // An id read from two sets (a draft moving between status sets during the reads) is listed once.
  return lists
    .flat()
    .sort(comparePositions(dir))
    .filter((p) => !seen.has(p.id) && Boolean(seen.add(p.id)))
    .slice(0, count);
}

export interface PageQuery<T> {
  list: ListName;
  sources: PageSource[];
  dir: Direction;
  limit: number;
  cursor?: string;
  /** Reads the records at these positions (their ids and inboxes), null for one that is gone. */
  load: (at: SourcedPosition[]) => Promise<Array<T | null>>;
  /** Filters on record fields that have no index of their own (e.g. invoice status). */
  keep?: (record: T) => boolean;
}

/**
 * One page of records: walks the merged sets from the cursor until `limit` records are kept (reading one
 * more to know whether a next page exists). A record deleted meanwhile is skipped without losing the place.
 */
export async function readPage<T>(redis: RedisClient, q: PageQuery<T>): Promise<Page<T>> {
  const limit = Math.max(1, Math.floor(q.limit));
  let after = q.cursor === undefined ? null : decodeCursor(q.list, q.cursor);
  const kept: Array<{ at: PagePosition; record: T }> = [];
  for (;;) {
    const wanted = limit + 1 - kept.length;
    const batch = await mergedPositionsAfter(redis, q.sources, q.dir, after, wanted);
    if (batch.length === 0) break;
    const records = await q.load(batch);
    batch.forEach((at, i) => {
      const record = records[i];
      if (record != null && (!q.keep || q.keep(record))) kept.push({ at, record });
    });
    after = batch.at(-1)!;
    if (kept.length > limit || batch.length < wanted) break;
  }
  const items = kept.slice(0, limit);
  const nextCursor = kept.length > limit ? encodeCursor(q.list, items.at(-1)!.at) : null;
  return { items: items.map((k) => k.record), nextCursor };
}
