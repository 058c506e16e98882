import type { InboxConfig } from '../config/schema.ts';
import type { TokenRecord } from '../model/oauth-token.ts';
import { missingScopes, type OAuthProvider } from '../oauth/providers.ts';
import { describeError, type CheckResult } from './check.ts';

/**
 * An OAuth inbox's grant: the refresh token still works (a real refresh, as the service would do it) and the
 * provider granted the scopes IMAP and SMTP need.
 */
export async function checkOAuth(
  inbox: InboxConfig,
  grant: TokenRecord | null,
  provider: OAuthProvider | undefined,
): Promise<CheckResult[]> {
  const source = inbox.imap.oauth;
  if (!source) return [];
  const what = `oauth ${inbox.id} (${provider?.name ?? grant?.provider ?? 'provider'}, ${source.account})`;
  const fix = `an admin signs in again: Admin → Inboxes → ${inbox.id} → "Sign in again"`;
  if (!grant || grant.state === 'needs-sign-in')
    return [
      {
        status: 'fail',
        what,
        detail: `needs sign-in again${grant?.reason ? ` (${grant.reason})` : ''}`,
        fix,
      },
    ];
  if (!provider)
    return [
      {
        status: 'fail',
        what,
        detail: `provider "${grant.provider}" is not configured`,
        fix: `add oauth.${grant.provider} (client id and secret) to the config, or TACTFUL_${grant.provider.toUpperCase()}_CLIENT_ID`,
      },
    ];
  const results: CheckResult[] = [];
  try {
    const t = await source.get({ renew: true });
    results.push({
      status: 'pass',
      what,
      detail: `token refreshed, valid until ${new Date(t.expiresAt).toISOString()}`,
    });
  } catch (err) {
    const e = err as { code?: string };
    return [
      {
        status: 'fail',
        what,
        detail:
          e?.code === 'oauth_needs_sign_in'
            ? 'refresh token refused: needs sign-in again'
            : describeError(err),
        fix:
          e?.code === 'oauth_needs_sign_in' ? fix : `check that ${provider.tokenUrl} is reachable from here`,
      },
    ];
  }
  const missing = missingScopes(provider, grant.scopes);
  results.push(
    missing.length === 0
      ? { status: 'pass', what: `oauth ${inbox.id} scopes`, detail: grant.scopes.join(' ') }
      : {
          status: 'fail',
          what: `oauth ${inbox.id} scopes`,
          detail: `not granted: ${missing.join(', ')}`,
          fix: `${fix}, accepting every permission (a tenant admin may have to consent first)`,
        },
  );
  return results;
}
