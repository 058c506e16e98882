/**
 * Where an OAuth2 inbox's IMAP and SMTP logins get their access token (src/oauth/token-service.ts makes one per
 * inbox). The mail factories ask for a token at each login, so a connection always starts with a fresh one;
 * refreshing, sharing the token between processes and "needs sign-in again" are the source's business.
 */
export interface AccessTokenSource {
  /** Whose token it is: the signed-in account (for a Microsoft 365 shared mailbox, the delegate). */
  readonly account: string;
  /**
   * A token valid for a while yet (refreshed first when it is close to expiry). `renew` refreshes even so: the
   * server refused the last one. Rejects with a SafeError `oauth_needs_sign_in` once the grant is gone.
   * `refreshAt`: when a connection that logged in with this token should log in again with a new one.
   */
  get(opts?: { renew?: boolean }): Promise<{ accessToken: string; expiresAt: number; refreshAt: number }>;
}

export function isAccessTokenSource(v: unknown): v is AccessTokenSource {
  return typeof (v as AccessTokenSource | null)?.get === 'function';
}
