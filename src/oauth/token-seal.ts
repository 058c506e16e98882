import type { SecretBox } from '../secrets/secret-box.ts';
import type { Tokens } from './oauth-client.ts';

/** The additional data a token is sealed with: bound to its inbox and kind, so it opens nowhere else. */
export const tokenPurpose = (inboxId: string, kind: 'access' | 'refresh') => `oauth:${inboxId}:${kind}`;

/**
 * Both tokens sealed for storage. A provider that rotates refresh tokens sends a new one with each refresh; one
 * that does not (Google) sends none, and the old one stays.
 */
export function sealTokens(
  secrets: SecretBox,
  inboxId: string,
  t: Tokens,
  previousRefreshToken: string | null,
): { accessToken: string; refreshToken: string } {
  const refresh = t.refreshToken ?? previousRefreshToken;
  if (!refresh) throw new Error('no refresh token');
  return {
    accessToken: secrets.seal(t.accessToken, tokenPurpose(inboxId, 'access')),
    refreshToken: secrets.seal(refresh, tokenPurpose(inboxId, 'refresh')),
  };
}
