import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import type { UserConfig } from '../config/schema.ts';
import type { CommitmentRecord } from '../model/commitment-record.ts';
import type { DraftRecord } from '../model/draft-record.ts';

/** What one lead's morning digest reports, over the inboxes they answer for. */
export interface DigestContent {
  dueToday: CommitmentRecord[];
  overdue: CommitmentRecord[];
  /** Pending angry (or angry after-hours) drafts: a client is upset and nobody has approved the answer. */
  angryWaiting: DraftRecord[];
  /** Pending payment reminders: the ladder waits for a lead's approval. */
  remindersWaiting: DraftRecord[];
}

export const isEmpty = (d: DigestContent) =>
  d.dueToday.length + d.overdue.length + d.angryWaiting.length + d.remindersWaiting.length === 0;

/** The inboxes a lead answers for: their own; an admin's, every configured inbox. */
export const inboxesOf = (ctx: AppContext, u: UserConfig) =>
  ctx.config.inboxes.map((i) => i.id).filter((id) => u.role === 'admin' || u.inboxes.includes(id));

export async function digestContent(ctx: AppContext, u: UserConfig, zone: string): Promise<DigestContent> {
  const inboxes = inboxesOf(ctx, u);
  const now = ctx.clock.now();
  const endOfDay = DateTime.fromJSDate(now, { zone }).endOf('day').toMillis();
  const store = ctx.stores.commitments;
  const open = await store.byDue(inboxes, ['open']);
  const breached = await store.byDue(inboxes, ['breached']);
  const pending = inboxes.length
    ? await ctx.stores.drafts.list({ inboxes, status: ['pending'], limit: 1000 })
    : [];
  const due = (c: CommitmentRecord) => Date.parse(c.dueAt);
  return {
    dueToday: open.filter((c) => due(c) >= now.getTime() && due(c) <= endOfDay),
    overdue: [...breached, ...open.filter((c) => due(c) < now.getTime())].sort((a, b) => due(a) - due(b)),
    angryWaiting: pending.filter((d) => d.kind === 'angry' || d.kind === 'angry-after-hours'),
    remindersWaiting: pending.filter((d) => d.kind === 'payment-reminder'),
  };
}
