import { z } from 'zod';

/**
 * Inboxes and users added in the web view, as stored in Redis (src/store/inbox-registry.ts,
 * src/store/user-registry.ts). The settings of an inbox are kept as the YAML would write them and validated by
 * the config schema when loaded (src/inboxes/materialize.ts); secrets never sit in `settings`, only sealed in
 * `secrets` (src/secrets/secret-box.ts).
 */
export const inboxAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password') }),
  z.object({
    kind: z.literal('oauth2'),
    /** `google`, `microsoft` or a generic provider's id (config `oauth.providers[].id`). */
    provider: z.string(),
    /** The account that signed in (the delegate, for a Microsoft 365 shared mailbox). Filled in at sign-in. */
    account: z.string().nullable(),
  }),
]);
export type InboxAuth = z.infer<typeof inboxAuth>;

export const storedInbox = z.object({
  id: z.string(),
  /** The inbox's keys as in YAML (address, imap without pass, smtp without pass, office hours, …). */
  settings: z.record(z.string(), z.unknown()),
  auth: inboxAuth,
  /** Sealed passwords: `imap`, `smtp`. */
  secrets: z.record(z.string(), z.string()).default({}),
  paused: z.boolean().default(false),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type StoredInbox = z.infer<typeof storedInbox>;

export const storedUser = z.object({
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'lead']),
  inboxes: z.array(z.string()),
  passwordHash: z.string(),
  digest: z.boolean().default(true),
  /** Bumped by a password reset: sessions signed in before it end. */
  sessionEpoch: z.number().int().default(0),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type StoredUser = z.infer<typeof storedUser>;

/** One admin change (inboxes, users, sign-ins), newest first on the admin pages. */
export const adminAuditEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.string().default(''),
});
export type AdminAuditEntry = z.infer<typeof adminAuditEntry>;

/** Something admins must see in the web view (an alert that could not be emailed). */
export const adminNotice = z.object({
  at: z.string(),
  inbox: z.string().nullable(),
  text: z.string(),
});
export type AdminNotice = z.infer<typeof adminNotice>;
