/**
 * What a draft is: an acknowledgement of after-hours or angry mail (or both at once), a payment reminder, or a
 * lead's answer to a client's mail about an invoice (`payment-reply`: always waits for a lead, never unattended).
 */
export const DRAFT_KINDS = [
  'after-hours',
  'angry',
  'angry-after-hours',
  'payment-reminder',
  'payment-reply',
] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
