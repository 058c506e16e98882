import { inboxSchema, type InboxConfig } from '../config/schema.ts';
import { formatPath } from '../config/load.ts';
import { SafeError } from '../errors.ts';
import type { StoredInbox } from '../model/registry-records.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { OAuthRuntime } from '../oauth/runtime.ts';

/** The additional data an inbox password is sealed with (src/secrets/secret-box.ts). */
export const passwordPurpose = (inboxId: string, server: 'imap' | 'smtp') =>
  `inbox:${inboxId}:${server}-pass`;

type Raw = Record<string, unknown>;

/**
 * A stored inbox as the rest of Tactful sees inboxes: the YAML shape, validated by the same schema, with the
 * password opened (in memory only, like a YAML password) or the OAuth token source in place of one.
 */
export function materialize(stored: StoredInbox, secrets: SecretBox, oauth: OAuthRuntime): InboxConfig {
  const s = stored.settings as Raw & { imap?: Raw; smtp?: Raw };
  const open = (server: 'imap' | 'smtp') => {
    const sealed = stored.secrets[server];
    return sealed === undefined ? undefined : secrets.open(sealed, passwordPurpose(stored.id, server));
  };
  const source =
    stored.auth.kind === 'oauth2'
      ? oauth.source(stored.id, stored.auth.account ?? String(s.imap?.user ?? ''))
      : undefined;
  const smtpPass = open('smtp');
  const raw: Raw = {
    ...s,
    id: stored.id,
    imap: { ...s.imap, pass: open('imap') ?? '', ...(source ? { oauth: source } : {}) },
    ...(s.smtp
      ? {
          smtp: {
            ...s.smtp,
            ...(smtpPass !== undefined ? { pass: smtpPass } : {}),
            // SMTP AUTH logs in as the token's owner: for a shared mailbox the delegate, who sends as the
            // shared address (Exchange's "Send As" permission).
            ...(source ? { oauth: source, user: s.smtp.user ?? source.account } : {}),
          },
        }
      : {}),
  };
  const parsed = inboxSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SafeError(
      'inbox_invalid',
      `stored inbox "${stored.id}": ${formatPath(first.path)}: ${first.message}`,
    );
  }
  return parsed.data;
}
