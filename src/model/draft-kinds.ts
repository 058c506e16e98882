/**
 * What a draft is: an acknowledgement of after-hours or angry mail (or both at once), a payment reminder, or a
 * lead's answer to a client's mail about an invoice (`payment-reply`: always waits for a lead, never unattended), or
 * a follow-up to a client who has not answered what the agency asked (`follow-up`, src/commitments: always waits
 * for a lead).
 */
export const DRAFT_KINDS = [
  'after-hours',
  'angry',
  'angry-after-hours',
  'payment-reminder',
  'payment-reply',
  'follow-up',
] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
