import { z } from 'zod';
import { IANAZone } from 'luxon';
import { isAccessTokenSource, type AccessTokenSource } from '../model/access-token.ts';
import { oauthConfig } from './oauth-schema.ts';
import { redisTarget } from './redis-target.ts';
import { holidaysSchema, isoDate } from './holidays-schema.ts';

/**
 * The YAML configuration contract. Tools outside the repo write these keys, so names only ever get added.
 * Every default lives here, next to the key it belongs to.
 */

const HHMM_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

const timeRange = z.string().superRefine((value, ctx) => {
  const m = HHMM_RANGE.exec(value);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not HH:MM-HH:MM` });
    return;
  }
  const [start, end] = value.split('-') as [string, string];
  if (toMinutes(end) <= toMinutes(start)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" ends before it starts` });
  }
});

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const dayRanges = z.array(timeRange).default([]);

/**
 * Default of triage.angerThreshold: the threshold `npm run train:tone` chose for the shipped tone model on
 * out-of-fold predictions of the training corpus (best mean F1 with calm mail weighted as if one personal client
 * mail in five were angry; there precision 0.94, recall 0.84), stored in the model file as `angerThreshold` —
 * test/unit/tone-classifier.test.ts keeps the two equal. The score is a calibrated probability on client mail
 * like the corpus, 37 % of it angry (README, Triage). Re-check after retraining.
 */
export const DEFAULT_ANGER_THRESHOLD = 0.63;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const officeHours = z
  .object({
    mon: dayRanges,
    tue: dayRanges,
    wed: dayRanges,
    thu: dayRanges,
    fri: dayRanges,
    sat: dayRanges,
    sun: dayRanges,
  })
  .strict()
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const ranges = hours[day]
        .map((r) => r.split('-').map(toMinutes) as [number, number])
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ranges.length; i++) {
        if (ranges[i]![0] < ranges[i - 1]![1]) {
          ctx.addIssue({ code: 'custom', path: [day], message: 'ranges overlap' });
        }
      }
    }
    if (WEEKDAYS.every((d) => hours[d].length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'the office is never open: give at least one range' });
    }
  });

const DEFAULT_HOURS = ['09:00-17:00'];
export const DEFAULT_OFFICE_HOURS = {
  mon: DEFAULT_HOURS,
  tue: DEFAULT_HOURS,
  wed: DEFAULT_HOURS,
  thu: DEFAULT_HOURS,
  fri: DEFAULT_HOURS,
  sat: [],
  sun: [],
};

const timezone = z.string().refine((tz) => IANAZone.isValidZone(tz), { message: 'is not an IANA time zone' });

const port = z.number().int().min(1).max(65535);

/**
 * An OAuth2 inbox's token source (src/oauth). Set by Tactful for inboxes added in the web view, never in YAML
 * (a YAML value is never a function, so this key in a file is always an error).
 */
const tokenSource = z.custom<AccessTokenSource>(
  isAccessTokenSource,
  'is set by Tactful, not in the config file',
);

const imap = z
  .object({
    host: z.string().min(1),
    port: port.default(993),
    secure: z.boolean().default(true),
    user: z.string().min(1),
    pass: z.string(),
    mailbox: z.string().default('INBOX'),
    sentMailbox: z.string().default('Sent'),
    /** Where a brand-new cursor starts: only new mail, the whole mailbox, or mail since a date. */
    startFrom: z.union([z.literal('now'), z.literal('all'), isoDate]).default('now'),
    /** Accept self-signed certificates (test servers only). */
    allowInsecureTls: z.boolean().default(false),
    /** OAuth2 (SASL XOAUTH2/OAUTHBEARER) instead of `pass`: see tokenSource. */
    oauth: tokenSource.optional(),
  })
  .strict();

const smtp = z
  .object({
    host: z.string().min(1),
    port: port.default(465),
    secure: z.boolean().default(true),
    user: z.string().optional(),
    pass: z.string().optional(),
    allowInsecureTls: z.boolean().default(false),
    /**
     * Envelope sender for unattended acknowledgements (RFC 3834 §3.3). Empty string = null sender `<>`.
     * Many relays refuse `<>` from authenticated users, so a dedicated no-auto-reply address is the default.
     */
    autoReplyEnvelopeFrom: z.string().optional(),
    /** OAuth2 instead of `pass` (the token's account logs in): see tokenSource. */
    oauth: tokenSource.optional(),
  })
  .strict();

const autoSend = z
  .object({
    'after-hours': z.boolean().default(true),
    angry: z.boolean().default(false),
    'payment-reminder': z.boolean().default(false),
  })
  .strict()
  .default({ 'after-hours': true, angry: false, 'payment-reminder': false });

const reminderLadder = z
  .object({
    /** Days after the due date for each step: gentle, firm, pause-date, final. */
    steps: z.array(z.number().int().min(0).max(365)).length(4).default([3, 10, 21, 28]),
    /** Never two messages about one invoice to one client within this many hours. */
    minGapHours: z.number().min(0).default(24),
    /**
     * A client who promises to pay by a date is not reminded until this many days after it (money takes a
     * day or two to arrive; a reminder the morning after the promised day reads as distrust).
     */
    promiseGraceDays: z.number().int().min(0).max(60).default(3),
  })
  .strict()
  .default({ steps: [3, 10, 21, 28], minGapHours: 24, promiseGraceDays: 3 });

/**
 * Reply-by clocks (src/commitments): how long a client may wait for a person's answer, in the inbox's business
 * hours, when no acknowledgement has promised a time; when leads hear that a time is near or has passed; when a
 * quiet client gets a follow-up.
 */
const commitments = z
  .object({
    /** A client message that needs an answer gets one within this many business hours. */
    replyWithinBusinessHours: z
      .number()
      .min(0.25)
      .max(24 * 14)
      .default(8),
    /** Angry mail: this many. */
    angryBusinessHours: z
      .number()
      .min(0.25)
      .max(24 * 14)
      .default(4),
    /** Urgent mail (something broken now, money being lost, a deadline today): this many. */
    urgentBusinessHours: z
      .number()
      .min(0.25)
      .max(24 * 14)
      .default(2),
    /** Leads are alerted this many business hours before a reply-by time (0: only at the breach). */
    alertBeforeBusinessHours: z
      .number()
      .min(0)
      .max(24 * 14)
      .default(2),
    /** The agency asked the client for something and heard nothing for this many business days: a follow-up. */
    followUpBusinessDays: z.number().int().min(1).max(60).default(3),
    /**
     * Alerts are also POSTed here as `{"text": …}` (what Slack and Microsoft Teams incoming webhooks accept).
     * It carries client names and subjects: use an https URL of a channel only leads read.
     */
    webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict()
  .default({
    replyWithinBusinessHours: 8,
    angryBusinessHours: 4,
    urgentBusinessHours: 2,
    alertBeforeBusinessHours: 2,
    followUpBusinessDays: 3,
  });

export const inboxSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
    address: z.email(),
    aliases: z.array(z.email()).default([]),
    /** Reply language when the client's cannot be detected. */
    language: z.enum(['en', 'sv', 'it', 'de', 'fr', 'es']).default('en'),
    timezone: timezone.default('UTC'),
    officeHours: officeHours.default(DEFAULT_OFFICE_HOURS),
    holidays: holidaysSchema.prefault({}),
    imap,
    smtp: smtp.optional(),
    /** Who signs drafted replies. */
    signature: z
      .object({ name: z.string().min(1), title: z.string().optional() })
      .strict()
      .optional(),
    autoSend,
    /** An angry client is promised a thorough answer this many business hours after the next opening. */
    promiseBusinessHours: z
      .number()
      .min(1)
      .max(24 * 14)
      .default(24),
    /**
     * Urgent angry mail (something broken now, money being lost, a deadline today or tomorrow, an ultimatum)
     * is promised a full answer within this many business hours instead (docs/tone-rules.md: hours, not days).
     */
    promiseBusinessHoursUrgent: z
      .number()
      .min(1)
      .max(24 * 14)
      .default(4),
    /**
     * An after-hours acknowledgement that cannot go out before the office has been open this many business
     * hours is withdrawn (audited) instead of arriving late: by then a person answers.
     */
    ackStaleAfterHours: z.number().min(0.25).max(24).default(2),
    /** At most one acknowledgement per sender in this many days (RFC 3834 §2 recommends 7). */
    ackLimitDays: z.number().min(0).default(7),
    /** Only acknowledge senders already known to the agency (RFC 3834 §2 MAY). */
    knownCorrespondentsOnly: z.boolean().default(false),
    reminders: reminderLadder,
    commitments,
  })
  .strict();

export const userSchema = z
  .object({
    email: z.email(),
    name: z.string().min(1),
    role: z.enum(['admin', 'lead']).default('lead'),
    inboxes: z.array(z.string()).default([]),
    passwordHash: z.string().min(1),
    /** One morning email per working day (due today, overdue, angry clients waiting, reminders to approve). */
    digest: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    redis: z
      .object({
        /** One Redis, or a Redis Cluster as `redis+cluster://host:port,host:port`. */
        url: z.string().default('redis://127.0.0.1:6379'),
        /** A Redis Cluster: some of its nodes as `redis://[user:password@]host:port`; replaces `url`. */
        cluster: z.array(z.string()).min(1).optional(),
        prefix: z
          .string()
          // No braces: Tactful puts Redis Cluster hash tags in its keys (src/store/keyspace.ts).
          .regex(/^[A-Za-z0-9:_-]+$/, 'may use letters, digits, ":", "_" and "-"')
          .default('tactful'),
      })
      .strict()
      .superRefine((r, ctx) => {
        try {
          redisTarget(r);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            path: [r.cluster ? 'cluster' : 'url'],
            message: (err as Error).message,
          });
        }
      })
      .default({ url: 'redis://127.0.0.1:6379', prefix: 'tactful' }),
    agency: z.object({ name: z.string().min(1) }).strict(),
    /** May be empty when admins add the inboxes in the web view (src/inboxes); those live in Redis. */
    inboxes: z.array(inboxSchema).default([]),
    web: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        /** Secret for session cookies, at least 32 characters. Generated per process when missing (sessions then end on restart). */
        sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
        /** Set when the web view is served over HTTPS, so cookies get the Secure flag. */
        secureCookies: z.boolean().default(false),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 3000, secureCookies: false }),
    api: z
      .object({
        tokens: z
          .array(
            z
              .object({
                name: z.string().min(1),
                token: z.string().min(16, 'must be at least 16 characters'),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ tokens: [] }),
    users: z.array(userSchema).default([]),
    oauth: oauthConfig,
    ingest: z
      .object({
        /** Larger mail gets a record with an error instead of being parsed. */
        maxMessageBytes: z
          .number()
          .int()
          .min(1024)
          .default(25 * 1024 * 1024),
        /** A periodic check beside IDLE, in case a server drops IDLE silently. */
        pollSeconds: z.number().min(1).default(60),
        /** Parse jobs each worker process runs at once. */
        concurrency: z.number().int().min(1).max(256).default(32),
        /**
         * How long a poller's lease on an inbox lives without renewal, and a poller process's registration among
         * the live pollers without a heartbeat: a dead poller's inboxes move to the others within about this.
         */
        leaseSeconds: z.number().min(2).default(10),
        /**
         * IDLE is broken and re-issued this often. A NAT box or firewall can forget an idle connection without a
         * FIN; re-issuing IDLE makes the client speak, so such a dead socket then fails within socketTimeoutSeconds.
         */
        idleRestartSeconds: z.number().min(1).max(1740).default(60),
        /**
         * An IMAP socket silent this long is probed (a NOOP) and, silent as long again, closed and reconnected.
         * So a connection that stops answering without closing is replaced within about twice this.
         */
        socketTimeoutSeconds: z.number().min(1).default(120),
        /** Connecting and the server's greeting may each take this long. */
        connectTimeoutSeconds: z.number().min(1).default(15),
        /** Longest one step of a sync (STATUS, SEARCH, a batch's envelope FETCH) may take before reconnecting. */
        stepTimeoutSeconds: z.number().min(1).default(60),
      })
      .strict()
      .default({
        maxMessageBytes: 25 * 1024 * 1024,
        pollSeconds: 60,
        concurrency: 32,
        leaseSeconds: 10,
        idleRestartSeconds: 60,
        socketTimeoutSeconds: 120,
        connectTimeoutSeconds: 15,
        stepTimeoutSeconds: 60,
      }),
    triage: z
      .object({
        angerThreshold: z.number().min(0).max(1).default(DEFAULT_ANGER_THRESHOLD),
      })
      .strict()
      .default({ angerThreshold: DEFAULT_ANGER_THRESHOLD }),
    templates: z
      .object({
        /** A folder laid out like config/templates/<language>/<kind>.eta; its files win over the built-in ones. */
        dir: z.string().optional(),
      })
      .strict()
      .default({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .strict()
      .default({ level: 'info', pretty: false }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    cfg.inboxes.forEach((ib, i) => {
      if (ids.has(ib.id))
        ctx.addIssue({ code: 'custom', path: ['inboxes', i, 'id'], message: `"${ib.id}" is used twice` });
      ids.add(ib.id);
    });
    cfg.users.forEach((u, i) =>
      u.inboxes.forEach((id, j) => {
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['users', i, 'inboxes', j], message: `no inbox "${id}"` });
      }),
    );
  });

export type Config = z.infer<typeof configSchema>;
export type InboxConfig = Config['inboxes'][number];
export type OfficeHours = InboxConfig['officeHours'];
export type HolidayConfig = InboxConfig['holidays'];
export type UserConfig = Config['users'][number];
