import type { Cursor } from '../store/cursors.ts';

/** Where a sync starts: after a known UID, or at the first message that arrived since a date. */
export type SyncStart =
  | { kind: 'after-uid'; uid: number; reason: 'cursor' | 'start-now' | 'start-all' }
  | { kind: 'since'; date: string; reason: 'start-date' | 'uidvalidity-changed' };

/** How far back to look again when UIDVALIDITY changed: IMAP SINCE has day granularity and ignores zones. */
const RESYNC_MARGIN_DAYS = 2;

/**
 * Decides where to start fetching, from the stored cursor and the mailbox's current state. Pure.
 *
 * A UIDVALIDITY change (RFC 3501 §2.3.1.1: UIDs of the old epoch mean nothing now) re-reads mail that arrived
 * since shortly before the cursor last moved: what came earlier was ingested, and records are deduplicated by
 * Message-ID, so the overlap yields no duplicates, and old mail never seen before is not suddenly ingested.
 */
export function planSync(
  cursor: Cursor | null,
  mailbox: { uidValidity: string; uidNext: number },
  startFrom: string,
): SyncStart {
  if (cursor && cursor.uidValidity === mailbox.uidValidity) {
    return { kind: 'after-uid', uid: cursor.lastUid, reason: 'cursor' };
  }
  if (cursor) {
    const since = new Date(Date.parse(cursor.updatedAt) - RESYNC_MARGIN_DAYS * 86_400_000);
    const sinceDay = Number.isNaN(since.getTime()) ? '1970-01-01' : since.toISOString().slice(0, 10);
    const date = /^\d{4}-\d{2}-\d{2}$/.test(startFrom) && startFrom > sinceDay ? startFrom : sinceDay;
    return { kind: 'since', date, reason: 'uidvalidity-changed' };
  }
  if (startFrom === 'now')
    return { kind: 'after-uid', uid: Math.max(0, mailbox.uidNext - 1), reason: 'start-now' };
  if (startFrom === 'all') return { kind: 'after-uid', uid: 0, reason: 'start-all' };
  return { kind: 'since', date: startFrom, reason: 'start-date' };
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A compact IMAP UID set ("1:5,8,10:12") for sorted ascending UIDs. */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  let start = uids[0];
  let prev = start;
  for (let i = 1; i <= uids.length; i++) {
    const u = uids[i];
    if (u !== undefined && prev !== undefined && u === prev + 1) {
      prev = u;
      continue;
    }
    if (start !== undefined) parts.push(start === prev ? String(start) : `${start}:${prev}`);
    start = u;
    prev = u;
  }
  return parts.join(',');
}
