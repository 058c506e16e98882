import type { Keyspace } from './keyspace.ts';
import type { InboxOfIndex } from './inbox-of.ts';
import { mgetAny, type RedisClient } from './redis-client.ts';
import { systemClock, type Clock } from '../clock.ts';
import { draftRecord, type DraftRecord, type DraftStatus } from '../model/draft-record.ts';
import { draftIdFor, newOutgoingMessageId } from '../model/ids.ts';
import { readPage, type Page } from './paging.ts';

/**
 * Drafts in Redis. The only code that knows their keys; a draft and its inbox's indexes share the inbox's hash
 * slot, so one script changes both:
 *   {<inbox>}:draft:<id>          JSON record
 *   {<inbox>}:drafts              sorted set of ids by creation time (listing)
 *   {<inbox>}:drafts:<status>     sorted set of ids per status (the review queue, the send sweep)
 *   draft-inboxes                 set of inbox ids that have drafts (listing without an inbox filter); spans
 *                                 inboxes, so it is written on its own, before the draft (an inbox listed
 *                                 without drafts is harmless, a draft missing from the listing would not be)
 *   inbox-of:draft:<id>           the draft's inbox (inbox-of.ts), to find it by id alone
 * Ids are derived from what is answered (`m_<recordId>`, `r_<invoiceId>_<step>`), so creating is a SET NX:
 * one draft per message and one per reminder step, however often a job runs.
 * Every change is a compare-and-set of the whole JSON in one Lua script (no WATCH: connections are shared),
 * which also moves the id between the status sets, so the record and the indexes never disagree.
 */

export type NewDraft = Omit<
  DraftRecord,
  'id' | 'status' | 'error' | 'createdAt' | 'updatedAt' | 'sentAt' | 'audit' | 'outgoingMessageId'
> & {
  /** Pass `newOutgoingMessageId(inbox.address)`; defaults to one on `tactful.invalid`. */
  outgoingMessageId?: string;
  /** Who created it (audit); `tactful` by default. */
  actor?: string;
};

export interface DraftFilter {
  inboxes?: string[];
  status?: DraftStatus[];
  limit?: number;
}

export interface Transition {
  /** Allowed current statuses; any other → the call returns `{ ok: false, draft }` unchanged. */
  from: DraftStatus[];
  to: DraftStatus;
  actor: string;
  action: string;
  detail?: string;
  /** Fields to change along with the status. */
  patch?: Partial<Omit<DraftRecord, 'id' | 'status' | 'audit' | 'inbox' | 'createdAt'>>;
  /**
   * Only if the draft is still at this version (the length of its audit trail, which every change extends): a
   * lead's edit made on an older version is refused (`stale`) instead of overwriting what changed meanwhile.
   */
  ifVersion?: number;
}

export type TransitionResult =
  { ok: true; draft: DraftRecord } | { ok: false; draft: DraftRecord | null; stale?: boolean };

// KEYS: draft, old status set, new status set. ARGV: expected JSON, new JSON, id, score.
const CAS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if KEYS[2] ~= KEYS[3] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
end
return 1`;

// KEYS: draft, all set, status set (one inbox slot). ARGV: JSON, id, score.
const CREATE = `
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
return false`;

export class DraftStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
    private readonly inboxOf: InboxOfIndex,
    private readonly clock: Clock = systemClock,
    /** Told of every new status (creation included), e.g. to count transitions for /metrics. */
    private readonly onStatus: (d: DraftRecord) => void = () => undefined,
  ) {}

  /** Creates the draft unless one exists for the same message or reminder step; returns whichever is stored. */
  async create(d: NewDraft): Promise<DraftRecord> {
    return (await this.createIfAbsent(d)).draft;
  }

  async createIfAbsent(d: NewDraft): Promise<{ draft: DraftRecord; created: boolean }> {
    const now = this.clock.now().toISOString();
    const { actor, outgoingMessageId, ...rest } = d;
    const record = draftRecord.parse({
      ...rest,
      id: draftIdFor(d),
      status: 'pending',
      error: null,
      sentAt: null,
      createdAt: now,
      updatedAt: now,
      outgoingMessageId: outgoingMessageId ?? newOutgoingMessageId(''),
      audit: [{ at: now, actor: actor ?? 'tactful', action: 'created', detail: d.kind }],
    });
    await this.redis.sadd(this.keys('draft-inboxes'), record.inbox);
    await this.inboxOf.record('draft', record.id, record.inbox);
    const existing = (await this.redis.eval(
      CREATE,
      3,
      this.keys.inbox(record.inbox, 'draft', record.id),
      this.keys.inbox(record.inbox, 'drafts'),
      this.keys.inbox(record.inbox, 'drafts', 'pending'),
      JSON.stringify(record),
      record.id,
      Date.parse(now),
    )) as string | null;
    if (existing) return { draft: draftRecord.parse(JSON.parse(existing)), created: false };
    this.onStatus(record);
    return { draft: record, created: true };
  }

  async get(id: string): Promise<DraftRecord | null> {
    const raw = await this.raw(id);
    return raw ? draftRecord.parse(JSON.parse(raw)) : null;
  }

  /** The stored JSON of a draft, or null (also for an id that cannot be one). */
  private async raw(id: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
    const inbox = await this.inboxOf.of('draft', id);
    return inbox === null ? null : this.redis.get(this.keys.inbox(inbox, 'draft', id));
  }

  /**
   * Newest first, across the given inboxes, or every inbox with drafts when none are given. Access control is
   * the caller's (src/drafts/service.ts passes the principal's visible inboxes).
   */
  async list(filter: DraftFilter = {}): Promise<DraftRecord[]> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    return (await this.page({ ...filter, limit })).items;
  }

  /**
   * One page of `list`: newest first by creation (ties by id), `limit` at a time from `cursor` (the
   * `nextCursor` of the page before; src/store/paging.ts). Every status set is scored by creation time like
   * the listing, so a status filter pages the same way.
   */
  async page(q: DraftFilter & { limit: number; cursor?: string }): Promise<Page<DraftRecord>> {
    const inboxes = q.inboxes ?? (await this.redis.smembers(this.keys('draft-inboxes'))).sort();
    const sources = inboxes.flatMap((inbox) =>
      (q.status?.length ? q.status.map((s) => ['drafts', s]) : [['drafts']]).map((parts) => ({
        key: this.keys.inbox(inbox, ...parts),
        inbox,
      })),
    );
    return readPage(this.redis, {
      list: 'drafts',
      sources,
      dir: 'desc',
      limit: q.limit,
      cursor: q.cursor,
      load: async (at) => {
        const raws = await mgetAny(
          this.redis,
          at.map((p) => this.keys.inbox(p.inbox, 'draft', p.id)),
        );
        return raws.map((r) => (r ? draftRecord.parse(JSON.parse(r)) : null));
      },
    });
  }

  /**
   * Moves a draft to a new status if it is in one of `from`, appending an audit entry, atomically.
   * Concurrent writers lose the compare-and-set and re-read; the loser sees the winner's status.
   */
  async transition(id: string, t: Transition): Promise<TransitionResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = await this.raw(id);
      if (!raw) return { ok: false, draft: null };
      const current = draftRecord.parse(JSON.parse(raw));
      if (!t.from.includes(current.status)) return { ok: false, draft: current };
      if (t.ifVersion !== undefined && current.audit.length !== t.ifVersion)
        return { ok: false, draft: current, stale: true };
      const at = this.clock.now().toISOString();
      const next: DraftRecord = draftRecord.parse({
        ...current,
        ...t.patch,
        status: t.to,
        updatedAt: at,
        audit: [
          ...current.audit,
          { at, actor: t.actor, action: t.action, ...(t.detail ? { detail: t.detail.slice(0, 2000) } : {}) },
        ],
      });
      const ok = await this.redis.eval(
        CAS,
        3,
        this.keys.inbox(current.inbox, 'draft', id),
        this.keys.inbox(current.inbox, 'drafts', current.status),
        this.keys.inbox(current.inbox, 'drafts', t.to),
        raw,
        JSON.stringify(next),
        id,
        Date.parse(current.createdAt),
      );
      if (ok === 1) {
        if (current.status !== t.to) this.onStatus(next);
        return { ok: true, draft: next };
      }
    }
    throw new Error(`draft ${id}: too many concurrent updates`);
  }

  /** Appends an audit entry without changing the status (e.g. "delivery recovered from the Sent folder"). */
  async note(id: string, actor: string, action: string, detail?: string): Promise<DraftRecord | null> {
    const d = await this.get(id);
    if (!d) return null;
    const r = await this.transition(id, { from: [d.status], to: d.status, actor, action, detail });
    return r.draft;
  }
}
