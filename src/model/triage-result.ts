import { z } from 'zod';

/** Why Tactful must not answer a message automatically (RFC 3834, RFC 5230, X-Auto-Response-Suppress). */
export const AUTO_REPLY_REASONS = [
  'auto-submitted',
  'null-sender',
  'no-return-path',
  'list',
  'bulk',
  'bounce',
  'noreply',
  'own-address',
  'loop',
  'suppressed',
  'not-addressed',
  'spam',
  'rate-limited',
  'unknown-sender',
  'malformed',
] as const;
export type AutoReplyReason = (typeof AUTO_REPLY_REASONS)[number];

export const ANGER_LEVELS = ['calm', 'concerned', 'upset', 'hostile'] as const;
export type AngerLevel = (typeof ANGER_LEVELS)[number];
/**
 * Guard reasons that mark the message itself as automated: nobody is there to read a reply or to wait for an
 * answer, so not even a lead answers it and no reply-by clock starts. The other reasons (no Return-Path, not
 * addressed to us, an unknown sender, the per-sender limit, an odd header) only stop UNATTENDED
 * acknowledgements (RFC 3834 is about automatic responses); a person's mail still gets a person's answer.
 */
const AUTOMATED_REASONS: ReadonlySet<string> = new Set<AutoReplyReason>([
  'auto-submitted',
  'null-sender',
  'list',
  'bulk',
  'bounce',
  'noreply',
  'own-address',
  'loop',
  'suppressed',
  'spam',
]);

/** The message is automated mail (auto-replies, bounces, lists, bulk, no-reply senders, loops, spam). */
export function isAutomatedMail(t: Pick<TriageResult, 'categories' | 'autoReply'>): boolean {
  return (
    t.categories.includes('automated') ||
    (!t.autoReply.allowed && AUTOMATED_REASONS.has(t.autoReply.reason ?? ''))
  );
}

export const PAYMENT_KINDS = ['promise', 'paid', 'dispute', 'extension', 'none'] as const;
export const CATEGORIES = ['angry', 'after-hours', 'payment', 'automated'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What triage decides about one message. Same shape in the CLI output and `GET /api/messages` (`triage`). */
export const triageResult = z.object({
  /** ISO 639-1 of the new text, or `und`. */
  language: z.string(),
  angry: z.boolean(),
  /** Calibrated probability that the sender is angry with the agency (0.5: one in two such messages is). */
  angerScore: z.number().min(0).max(1),
  /**
   * calm | concerned | upset | hostile (intensity 0–3; upset and hostile are angry). Optional only because
   * records triaged before it existed lack it; triage always sets it.
   */
  angerLevel: z.enum(ANGER_LEVELS).optional(),
  /** The phrases that decided the anger score, quoted from the new text. */
  cues: z.array(z.string()),
  /** Something is down, money is being lost, a deadline today or tomorrow, an ultimatum (optional as above). */
  urgent: z.boolean().optional(),
  /** The phrases that made it urgent, quoted from the new text. */
  urgentCues: z.array(z.string()).optional(),
  afterHours: z.boolean(),
  receivedAt: z.string(),
  /** Arrival on the inbox's wall clock, `YYYY-MM-DDTHH:mm:ss`. */
  localTime: z.string(),
  /** Next instant the office is open, ISO with offset (the arrival itself when it came in office hours). */
  nextOpening: z.string(),
  autoReply: z.object({ allowed: z.boolean(), reason: z.enum(AUTO_REPLY_REASONS).optional() }),
  payment: z.enum(PAYMENT_KINDS),
  invoice: z.string().nullable(),
  categories: z.array(z.enum(CATEGORIES)),
});
export type TriageResult = z.infer<typeof triageResult>;
