import { DateTime } from 'luxon';
import type { TriageResult } from '../../model/triage-result.ts';

export interface Reason {
  category: string;
  text: string;
}

const PAYMENT_TEXT: Record<string, string> = {
  promise: 'the client promises to pay',
  paid: 'the client says the invoice is paid',
  dispute: 'the client disputes the invoice',
  extension: 'the client asks for more time to pay',
};

/** Plain-language reasons for each category triage assigned, from its own result (no re-triage here). */
export function explainTriage(t: TriageResult, zone: string, angerThreshold: number): Reason[] {
  const reasons = t.categories.map((category) => reasonFor(category, t, zone, angerThreshold));
  // Urgency is no category of its own, but it is why an angry reply promises hours rather than days.
  if (t.urgent)
    reasons.push({
      category: 'urgent',
      text:
        'something is down, money is being lost or a deadline is close: the promised answer is hours away' +
        (t.urgentCues?.length ? `; cues: ${t.urgentCues.slice(0, 5).join(', ')}` : ''),
    });
  return reasons;
}

function reasonFor(category: string, t: TriageResult, zone: string, angerThreshold: number): Reason {
  const local = DateTime.fromISO(t.localTime, { zone }).toFormat('ccc d LLL, HH:mm');
  const opening = DateTime.fromISO(t.nextOpening).setZone(zone).toFormat('ccc d LLL, HH:mm');
  switch (category) {
    case 'angry':
      return {
        category,
        text:
          `anger score ${Math.round(t.angerScore * 100)}% is at or above the ${Math.round(angerThreshold * 100)}% threshold` +
          (t.cues.length ? `; cues: ${t.cues.slice(0, 8).join(', ')}` : ''),
      };
    case 'after-hours':
      return {
        category,
        text: `arrived ${local} local time, outside office hours; the office opens ${opening}`,
      };
    case 'payment':
      return {
        category,
        text: `${PAYMENT_TEXT[t.payment] ?? 'talks about payment'}${t.invoice ? ` (invoice ${t.invoice})` : ''}`,
      };
    case 'automated':
      return {
        category,
        text: `automated mail (${t.autoReply.reason ?? 'auto-reply headers'}): no reply is sent`,
      };
    default:
      return { category, text: category };
  }
}
