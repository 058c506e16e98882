import { z } from 'zod';

/**
 * An OAuth2 inbox's grant as stored (src/store/oauth-tokens.ts). Both tokens are sealed (src/secrets); the
 * access token is shared so that every process of the service uses one refresh instead of each its own (a
 * provider that rotates refresh tokens would otherwise see a stale one and may revoke the whole grant).
 */
export const tokenRecord = z.object({
  provider: z.string(),
  account: z.string(),
  refreshToken: z.string(),
  accessToken: z.string().nullable(),
  /** Epoch ms. */
  expiresAt: z.number().nullable(),
  /** What the provider said it granted. */
  scopes: z.array(z.string()),
  /** `needs-sign-in`: the refresh token was refused (revoked, expired, password changed); nothing retries it. */
  state: z.enum(['ok', 'needs-sign-in']),
  reason: z.string().nullable(),
  /** Bumped by every sign-in: writes made for an older grant are dropped, alerts are per grant. */
  generation: z.number().int(),
  updatedAt: z.string(),
});
export type TokenRecord = z.infer<typeof tokenRecord>;

/** A sign-in started in the browser and not finished yet (the `state` parameter's record). */
export const pendingSignIn = z.object({
  provider: z.string(),
  /** The inbox being added (its settings) or signed in again (its id). */
  inboxId: z.string(),
  settings: z.record(z.string(), z.unknown()).nullable(),
  /** Sealed PKCE verifier. */
  codeVerifier: z.string(),
  redirectUri: z.string(),
  /** Who started it: only they may finish it. */
  actor: z.string(),
  createdAt: z.string(),
});
export type PendingSignIn = z.infer<typeof pendingSignIn>;
