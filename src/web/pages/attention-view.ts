import type { AppContext } from '../../context.ts';
import type { Principal } from '../../access/principal.ts';
import { attention, listCommitments } from '../../commitments/service.ts';
import type { CommitmentRecord } from '../../model/commitment-record.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import { actorName } from './audit-words.ts';
import { deadlineWords, type DeadlineWords } from './deadline-words.ts';
import { inboxZone } from './render.ts';

/**
 * The "Due soon / Overdue" section at the top of the review queue (issue 13, item 2), worded for the template:
 * the principal's commitments whose client is waiting past (or close to) the reply-by time, oldest deadline
 * first. What counts as due soon or overdue is the commitments service's (`attention`); this only names things.
 */
export interface AttentionRow {
  id: string;
  inbox: string;
  kind: 'overdue' | 'due-soon';
  /** The client's name, else their address. */
  client: string;
  address: string;
  subject: string;
  deadline: DeadlineWords;
  /** Who took the thread (a name), or null: every lead of the inbox is alerted. */
  owner: string | null;
  mine: boolean;
  /** The pending draft that answers it, when there is one (the subject links to it). */
  draftId: string | null;
}

export interface AttentionSection {
  rows: AttentionRow[];
  count: number;
}

/** The owner's name for the page ("you" is the template's business). */
export const ownerName = (ctx: AppContext, owner: string | null) =>
  owner ? actorName(ctx.config, owner) : null;

export const isMine = (p: Principal, c: Pick<CommitmentRecord, 'owner'>) =>
  c.owner !== null && c.owner === p.actor.toLowerCase();

export async function loadAttention(
  ctx: AppContext,
  p: Principal,
  pending: DraftRecord[] = [],
): Promise<AttentionSection> {
  const a = await attention(ctx, p);
  const now = ctx.clock.now();
  const draftOf = (c: CommitmentRecord) =>
    pending.find((d) => d.recordId !== null && c.records.includes(d.recordId))?.id ?? null;
  const row = (c: CommitmentRecord, kind: AttentionRow['kind']): AttentionRow => ({
    id: c.id,
    inbox: c.inbox,
    kind,
    client: c.client.name || c.client.address,
    address: c.client.address,
    subject: c.subject || '(no subject)',
    deadline: deadlineWords(c.dueAt, now, inboxZone(ctx.config, c.inbox)),
    owner: ownerName(ctx, c.owner),
    mine: isMine(p, c),
    draftId: draftOf(c),
  });
  const rows = [...a.overdue.map((c) => row(c, 'overdue')), ...a.dueSoon.map((c) => row(c, 'due-soon'))];
  const due = new Map([...a.overdue, ...a.dueSoon].map((c) => [c.id, Date.parse(c.dueAt)]));
  rows.sort((x, y) => due.get(x.id)! - due.get(y.id)! || x.id.localeCompare(y.id));
  return { rows, count: a.count };
}

/**
 * Who holds each pending draft's thread: the waiting commitment that covers the draft's client message. One
 * listing for the whole queue instead of a lookup per row.
 */
export async function draftOwners(
  ctx: AppContext,
  p: Principal,
  drafts: DraftRecord[],
): Promise<Map<string, { owner: string; mine: boolean }>> {
  const waiting = (await listCommitments(ctx, p, { limit: 1000 })).filter((c) => c.owner);
  const byRecord = new Map<string, CommitmentRecord>();
  for (const c of waiting) for (const r of c.records) byRecord.set(r, c);
  const out = new Map<string, { owner: string; mine: boolean }>();
  for (const d of drafts) {
    const c = d.recordId ? byRecord.get(d.recordId) : undefined;
    if (c) out.set(d.id, { owner: ownerName(ctx, c.owner)!, mine: isMine(p, c) });
  }
  return out;
}
