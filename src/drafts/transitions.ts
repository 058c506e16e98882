import type { DraftRecord, DraftStatus } from '../model/draft-record.ts';
import type { DraftStore, TransitionResult } from '../store/drafts.ts';

/**
 * Every way a draft's status may change, by name: who may move a draft from which statuses to which, and the
 * audit action it leaves. Callers name a transition and add the actor, the detail and the fields that change;
 * the store applies it as one compare-and-set.
 *
 *   pending ─approve─▶ scheduled ─startSending─▶ sending ─sent/sentRecovered─▶ sent
 *      │ ↺ edit           │  ▲                     ├─retryLater─▶ scheduled
 *      ├─reject───────────┤  └──────retry (lead)── failed ◀─refuse / giveUp
 *      └─cancel/supersede/withdraw (no longer wanted, answered, replaced)─▶ cancelled
 */
export const DRAFT_TRANSITIONS = {
  /** A lead (or `tactful` for an unattended acknowledgement) approves: it goes out at sendAt. */
  approve: { from: ['pending'], to: 'scheduled', action: 'approved' },
  /** A lead saves an edited text without approving it yet. */
  edit: { from: ['pending'], to: 'pending', action: 'edited' },
  /** A lead rejects it, or withdraws a scheduled one before it goes out. */
  reject: { from: ['pending', 'scheduled'], to: 'rejected', action: 'rejected' },
  /** No longer needed: the agency answered, the invoice was paid, the lead changed the invoice. */
  cancel: { from: ['pending', 'scheduled'], to: 'cancelled', action: 'cancelled' },
  /** The client wrote again in the same conversation; a newer draft covers this one. */
  supersede: { from: ['pending', 'scheduled'], to: 'cancelled', action: 'superseded' },
  /** Found unwanted when a lead tries to approve it (a reminder whose invoice was paid meanwhile). */
  withdrawAtApproval: { from: ['pending'], to: 'cancelled', action: 'cancelled' },
  /** Found unwanted, or already answered, right before sending. */
  withdrawBeforeSend: { from: ['scheduled'], to: 'cancelled', action: 'cancelled' },
  startSending: { from: ['scheduled'], to: 'sending', action: 'sending' },
  sent: { from: ['sending'], to: 'sent', action: 'sent' },
  /** An interrupted attempt's copy was found in the Sent folder: it went out, it is not sent again. */
  sentRecovered: { from: ['sending'], to: 'sent', action: 'sent-recovered' },
  /** SMTP answered 4xx or the connection failed: back to scheduled, BullMQ retries with backoff. */
  retryLater: { from: ['sending'], to: 'scheduled', action: 'retry' },
  /** SMTP refused for good (5xx), or the last attempt failed. */
  refuse: { from: ['sending'], to: 'failed', action: 'failed' },
  /** It cannot be sent at all (no SMTP settings, out of attempts on something other than SMTP). */
  giveUp: { from: ['scheduled', 'sending'], to: 'failed', action: 'failed' },
  /**
   * A run stopped inside the SMTP transaction: whether the server took the message is unknown. Neither "sent"
   * (it may be lost) nor sent again (it may be a duplicate): a lead decides (a retry sends it again).
   */
  uncertain: { from: ['sending'], to: 'failed', action: 'uncertain' },
  /** A lead sends a failed draft again (same Message-ID: it is the same message). */
  retry: { from: ['failed'], to: 'scheduled', action: 'retried' },
} as const satisfies Record<string, { from: readonly DraftStatus[]; to: DraftStatus; action: string }>;

export type DraftTransitionName = keyof typeof DRAFT_TRANSITIONS;

export interface TransitionDetails {
  actor: string;
  detail?: string;
  patch?: Partial<Omit<DraftRecord, 'id' | 'status' | 'audit' | 'inbox' | 'createdAt'>>;
  /** The version (audit length) the lead's change was made on; a draft changed since is left alone (`stale`). */
  ifVersion?: number;
}

/** Applies a named transition; `{ ok: false }` (nothing changed) when the draft is not in a `from` status. */
export function moveDraft(
  store: DraftStore,
  id: string,
  name: DraftTransitionName,
  details: TransitionDetails,
): Promise<TransitionResult> {
  const t = DRAFT_TRANSITIONS[name];
  return store.transition(id, { from: [...t.from], to: t.to, action: t.action, ...details });
}
