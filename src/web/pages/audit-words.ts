import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.ts';
import type { AuditEntry } from '../../model/draft-record.ts';

/**
 * Audit lines in words for people: "Approved by Lena Lead — goes out Tue 24 Nov, 09:00", not an action code,
 * an e-mail address and an ISO timestamp. Pure: the stored audit trail keeps its exact data; this is how the
 * pages say it.
 */

/** A user's name from the config, "API token <name>" for `api:<name>`, "Tactful" for automatic steps. */
export function actorName(config: Config, actor: string): string {
  if (actor === 'tactful') return 'Tactful';
  if (actor.startsWith('api:')) return `API token ${actor.slice(4)}`;
  const user = config.users.find((u) => u.email.toLowerCase() === actor.toLowerCase());
  return user?.name ?? actor;
}

const ACTIONS: Record<string, string> = {
  created: 'Drafted',
  approved: 'Approved',
  rejected: 'Rejected',
  cancelled: 'Withdrawn',
  superseded: 'Replaced by a newer draft',
  sending: 'Sending started',
  sent: 'Sent',
  'sent-recovered': 'Sent (found in the Sent folder after an interruption)',
  retry: 'Delivery failed for now, tried again later',
  failed: 'Sending failed',
  uncertain: 'Stopped during sending: it may or may not have reached the client — check before sending again',
  retried: 'Sent again',
};

const KINDS: Record<string, string> = {
  'after-hours': 'after-hours note',
  angry: 'calm reply to angry mail',
  'angry-after-hours': 'calm reply to angry mail after hours',
  'payment-reminder': 'payment reminder',
  'payment-reply': 'reply about an invoice',
};

/** "Approved", "Sent again"; an unknown action code in plain words ("auto-reply-noted" → "Auto reply noted"). */
export function actionWords(action: string): string {
  const known = ACTIONS[action];
  if (known) return known;
  const s = action.replace(/[-_]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;

/** "Wed 2 Dec, 09:00" on the inbox's clock. */
export const clockTime = (iso: string, zone: string): string => {
  const dt = DateTime.fromISO(iso, { setZone: false, zone: 'UTC' }).setZone(zone);
  return dt.isValid ? dt.toFormat('ccc d LLL, HH:mm') : iso;
};

/** Every ISO timestamp in a text said on the inbox's clock. */
export function isoToWords(text: string, zone: string): string {
  return text.replace(ISO, (m) => clockTime(m, zone));
}

/** The detail of an entry in words: "send at <ISO>" → "goes out <time>", kinds named, timestamps on our clock. */
export function detailWords(e: Pick<AuditEntry, 'action' | 'detail'>, zone: string): string {
  if (!e.detail) return '';
  if (e.action === 'created') return KINDS[e.detail] ?? isoToWords(e.detail, zone);
  return e.detail
    .split('; ')
    .map((part) => {
      const m = /^send at (\S+)$/.exec(part);
      return m ? `goes out ${clockTime(m[1]!, zone)}` : isoToWords(part, zone);
    })
    .join('; ');
}

export interface AuditLine {
  at: string;
  /** "Mon 23 Nov, 21:30" on the inbox's clock. */
  when: string;
  who: string;
  what: string;
  detail: string;
  /** The whole line: "Approved by Lena Lead — goes out Tue 24 Nov, 09:00". */
  text: string;
}

export function auditLine(config: Config, e: AuditEntry, zone: string): AuditLine {
  const who = actorName(config, e.actor);
  const what = actionWords(e.action);
  const detail = detailWords(e, zone);
  return {
    at: e.at,
    when: clockTime(e.at, zone),
    who,
    what,
    detail,
    text: `${what} by ${who}${detail ? ` — ${detail}` : ''}`,
  };
}
