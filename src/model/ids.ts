import { createHash, randomUUID } from 'node:crypto';

/**
 * Record ids, derived from what a record is about so that creating one twice is a no-op (SET NX):
 * the same message in the same inbox, the same invoice number, the same reply or reminder step.
 * `mail`, `triage`, `store` and the domain all compute ids here; none of them needs a store for it.
 */

/** A message of an inbox: same inbox + same dedupe key (Message-ID, or `sha256:<hex>` of the source) → same id. */
export function recordId(inbox: string, dedupeKey: string): string {
  return createHash('sha256').update(`${inbox}\0${dedupeKey}`).digest('hex').slice(0, 24);
}

/** An invoice: the same number in the same inbox is the same invoice (a re-import is recognised). */
export function invoiceId(inbox: string, number: string): string {
  return 'inv' + createHash('sha256').update(`${inbox}\0${number}`).digest('hex').slice(0, 20);
}

/**
 * A draft: one per message answered (`m_<recordId>`, whatever its kind: an acknowledgement and a payment reply
 * to one message are the same draft), one per reminder step (`r_<invoiceId>_<step>`, `…_<attempt>` for a step
 * drafted again after its first draft never went out), one per follow-up of a conversation (`f_<thread>_<n>`).
 */
export function draftIdFor(d: {
  recordId: string | null;
  invoiceId: string | null;
  step: number | null;
  attempt?: number;
  followUp?: { thread: string; n: number };
}): string {
  if (d.followUp) return `f_${d.followUp.thread}_${d.followUp.n}`.replace(/[^A-Za-z0-9_-]/g, '-');
  if (d.recordId) return `m_${d.recordId}`;
  if (d.invoiceId !== null && d.step !== null) {
    const again = d.attempt && d.attempt > 1 ? `_${d.attempt}` : '';
    return `r_${d.invoiceId}_${d.step}${again}`.replace(/[^A-Za-z0-9_-]/g, '-');
  }
  throw new Error('a draft answers a message (recordId) or an invoice step (invoiceId + step)');
}

/**
 * A new globally unique Message-ID (RFC 5322 §3.6.4) on the inbox's own domain. The `tactful-` local part is
 * the loop marker triage looks for in References (checklist case 48).
 */
export function newOutgoingMessageId(inboxAddress: string): string {
  const domain = inboxAddress.split('@')[1]?.toLowerCase() || 'tactful.invalid';
  return `<tactful-${randomUUID()}@${domain}>`;
}
