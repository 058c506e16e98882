/** What a draft is: an acknowledgement of after-hours or angry mail (or both at once), or a payment reminder. */
export const DRAFT_KINDS = ['after-hours', 'angry', 'angry-after-hours', 'payment-reminder'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
