import { z } from 'zod';
import { inboxSchema } from '../config/schema.ts';
import { formatPath } from '../config/load.ts';
import { SafeError } from '../errors.ts';

/**
 * The admin's add-inbox form, as submitted: strings only. Turned into YAML-shaped settings and the passwords,
 * then validated by the config schema itself, so a web-added inbox obeys exactly the rules of a YAML one.
 */
export const addInboxForm = z.object({
  /** `password`, or an OAuth provider id (`google`, `microsoft`, a generic one). */
  kind: z.string().min(1).max(40),
  id: z.string().trim().max(40),
  address: z.string().trim().max(254),
  /** OAuth: the account that signs in when it is not the mailbox itself (Microsoft 365 shared mailbox delegate). */
  account: z.string().trim().max(254).default(''),
  imapHost: z.string().trim().max(253).default(''),
  imapPort: z.string().trim().default(''),
  imapSecurity: z.enum(['tls', 'starttls']).default('tls'),
  imapUser: z.string().trim().max(254).default(''),
  imapPass: z.string().max(1024).default(''),
  mailbox: z.string().trim().max(200).default('INBOX'),
  sentMailbox: z.string().trim().max(200).default('Sent'),
  smtpHost: z.string().trim().max(253).default(''),
  smtpPort: z.string().trim().default(''),
  smtpSecurity: z.enum(['tls', 'starttls']).default('tls'),
  smtpUser: z.string().trim().max(254).default(''),
  smtpPass: z.string().max(1024).default(''),
  timezone: z.string().trim().max(64).default('UTC'),
  language: z.string().trim().max(5).default('en'),
  startFrom: z.string().trim().max(10).default('now'),
});
export type AddInboxForm = z.infer<typeof addInboxForm>;

export interface ParsedInbox {
  settings: Record<string, unknown>;
  passwords: { imap?: string; smtp?: string };
}

const portOf = (value: string, fallback: number) => (value ? Number(value) : fallback);

/** Defaults: the provider's servers for OAuth; the usual ports for the chosen security. */
export function parseAddInbox(
  form: AddInboxForm,
  servers?: {
    imap?: { host: string; port: number; secure: boolean };
    smtp?: { host: string; port: number; secure: boolean };
  },
): ParsedInbox {
  const oauth = form.kind !== 'password';
  const imapSecure = form.imapHost || !servers?.imap ? form.imapSecurity === 'tls' : servers.imap.secure;
  const smtpSecure = form.smtpHost || !servers?.smtp ? form.smtpSecurity === 'tls' : servers.smtp.secure;
  const imapHost = form.imapHost || servers?.imap?.host || '';
  const smtpHost = form.smtpHost || servers?.smtp?.host || '';
  const settings: Record<string, unknown> = {
    id: form.id,
    address: form.address,
    language: form.language,
    timezone: form.timezone,
    imap: {
      host: imapHost,
      port: portOf(form.imapPort, form.imapHost ? (imapSecure ? 993 : 143) : (servers?.imap?.port ?? 993)),
      secure: imapSecure,
      // OAuth: the IMAP user is the mailbox (a shared mailbox's own address), the token the account's.
      user: oauth ? form.address : form.imapUser || form.address,
      mailbox: form.mailbox || 'INBOX',
      sentMailbox: form.sentMailbox || 'Sent',
      startFrom: form.startFrom || 'now',
    },
    ...(smtpHost
      ? {
          smtp: {
            host: smtpHost,
            port: portOf(
              form.smtpPort,
              form.smtpHost ? (smtpSecure ? 465 : 587) : (servers?.smtp?.port ?? 465),
            ),
            secure: smtpSecure,
            ...(oauth ? {} : { user: form.smtpUser || form.imapUser || form.address }),
          },
        }
      : {}),
  };
  const passwords = oauth
    ? {}
    : { imap: form.imapPass, ...(smtpHost ? { smtp: form.smtpPass || form.imapPass } : {}) };
  if (!oauth && !form.imapPass) throw new SafeError('inbox_invalid', 'imap password: give the password.');
  validateSettings(settings);
  return { settings, passwords };
}

/** The settings checked by the config schema (a placeholder where the password goes); errors name the field. */
export function validateSettings(settings: Record<string, unknown>): void {
  const imap = settings.imap as Record<string, unknown> | undefined;
  const parsed = inboxSchema.safeParse({ ...settings, imap: { ...imap, pass: '' } });
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SafeError('inbox_invalid', `${formatPath(first.path)}: ${first.message}`);
  }
}
