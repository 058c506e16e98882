import type { DraftKind } from '../../model/draft-kinds.ts';
import type { DraftRecord } from '../../model/draft-record.ts';

/**
 * How the review queue is grouped and ordered (presentation only; what is pending comes from the service):
 * angry mail first — the client is waiting and upset — then after-hours acknowledgements, then payment
 * reminders and the client's own mail about an invoice. Inside a group the highest priority (anger score; a
 * client's payment mail above a reminder) comes first, then the oldest.
 */
export const QUEUE_GROUPS = [
  { key: 'angry', label: 'Angry', kinds: ['angry', 'angry-after-hours'] },
  { key: 'after-hours', label: 'After hours', kinds: ['after-hours'] },
  { key: 'payment', label: 'Payment', kinds: ['payment-reminder', 'payment-reply'] },
] as const satisfies ReadonlyArray<{ key: string; label: string; kinds: readonly DraftKind[] }>;

export type GroupKey = (typeof QUEUE_GROUPS)[number]['key'];

export interface QueueGroup<T> {
  key: GroupKey;
  label: string;
  items: T[];
}

/** A kind no group names yet (one added elsewhere) still shows, with the after-hours notes, not nowhere. */
export function groupOf(kind: DraftKind): GroupKey {
  return QUEUE_GROUPS.find((g) => (g.kinds as readonly DraftKind[]).includes(kind))?.key ?? 'after-hours';
}

export function byPriorityThenAge(a: DraftRecord, b: DraftRecord): number {
  return (
    b.priority - a.priority || Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id)
  );
}

/** Every group (empty ones too, so counts read "0"), items ordered within. */
export function groupQueue<T extends { draft: DraftRecord }>(items: T[]): QueueGroup<T>[] {
  return QUEUE_GROUPS.map((g) => ({
    key: g.key,
    label: g.label,
    items: items
      .filter((i) => groupOf(i.draft.kind) === g.key)
      .sort((a, b) => byPriorityThenAge(a.draft, b.draft)),
  }));
}

/** A short, order-independent fingerprint of the queue: the live view swaps its list only when it changes. */
export function queueFingerprint(drafts: DraftRecord[]): string {
  return drafts
    .map((d) => `${d.id}@${d.updatedAt}`)
    .sort()
    .join('|');
}
