import { SafeError } from '../errors.ts';
import type { AppContext } from '../context.ts';
import type { PendingSignIn, TokenRecord } from '../model/oauth-token.ts';
import { authorizationRequest, exchangeCode, revokeToken } from './oauth-client.ts';
import { missingScopes, type OAuthProvider } from './providers.ts';
import { sealTokens, tokenPurpose } from './token-seal.ts';

/** A sign-in has this long between leaving for the provider and coming back. */
const FLOW_SECONDS = 10 * 60;
const verifierPurpose = (state: string) => `oauth-flow:${state}:verifier`;

export function providerOf(ctx: AppContext, id: string): OAuthProvider {
  const p = ctx.oauth.providers.get(id);
  if (!p)
    throw new SafeError(
      'oauth_provider_unknown',
      `no OAuth provider "${id.slice(0, 40)}" is configured`,
      400,
    );
  return p;
}

/**
 * Starts the authorization code flow with PKCE (RFC 7636, S256): the verifier stays here (sealed, 10 minutes,
 * keyed by the random `state`), the browser goes to the provider with the challenge. Returns where to send it.
 */
export async function startSignIn(
  ctx: AppContext,
  opts: {
    actor: string;
    providerId: string;
    inboxId: string;
    settings: Record<string, unknown> | null;
    loginHint?: string;
    redirectUri: string;
  },
): Promise<string> {
  const provider = providerOf(ctx, opts.providerId);
  const req = await authorizationRequest(provider, opts.redirectUri, opts.loginHint);
  const flow: PendingSignIn = {
    provider: provider.id,
    inboxId: opts.inboxId,
    settings: opts.settings,
    codeVerifier: ctx.secrets.seal(req.codeVerifier, verifierPurpose(req.state)),
    redirectUri: opts.redirectUri,
    actor: opts.actor,
    createdAt: ctx.clock.now().toISOString(),
  };
  await ctx.stores.oauthTokens.putFlow(req.state, flow, FLOW_SECONDS);
  return req.url;
}

export interface FinishedSignIn {
  flow: PendingSignIn;
  provider: OAuthProvider;
}

/**
 * The provider's redirect back: the flow of `state` (once; only for the admin who started it), the code
 * exchanged, the scopes checked, the grant stored under a new generation (which also re-arms the alert).
 */
export async function finishSignIn(
  ctx: AppContext,
  actor: string,
  query: URLSearchParams,
  account: string | ((flow: PendingSignIn) => string),
): Promise<FinishedSignIn> {
  const state = query.get('state') ?? '';
  const flow = /^[A-Za-z0-9_-]{16,128}$/.test(state) ? await ctx.stores.oauthTokens.takeFlow(state) : null;
  if (!flow || flow.actor.toLowerCase() !== actor.toLowerCase())
    throw new SafeError(
      'oauth_flow_unknown',
      'This sign-in has expired or was already used. Start again.',
      400,
    );
  const provider = providerOf(ctx, flow.provider);
  const verifier = ctx.secrets.open(flow.codeVerifier, verifierPurpose(state));
  const now = ctx.clock.now();
  const t = await exchangeCode(provider, query, state, flow.redirectUri, verifier, now.getTime());
  const missing = missingScopes(provider, t.scopes);
  if (missing.length) {
    await revokeToken(provider, t.refreshToken ?? t.accessToken);
    throw new SafeError(
      'oauth_scopes_missing',
      `The sign-in did not grant ${missing.join(', ')}: sign in again and accept every permission (an admin of the tenant may have to consent first).`,
      400,
    );
  }
  if (!t.refreshToken)
    throw new SafeError(
      'oauth_no_refresh_token',
      'The provider gave no refresh token, so Tactful could only read mail for an hour. Check that offline access is allowed for the app registration.',
      400,
    );
  const previous = await ctx.stores.oauthTokens.get(flow.inboxId);
  const record: TokenRecord = {
    provider: provider.id,
    account: typeof account === 'string' ? account : account(flow),
    ...sealTokens(ctx.secrets, flow.inboxId, t, null),
    expiresAt: t.expiresAt,
    scopes: t.scopes,
    state: 'ok',
    reason: null,
    generation: (previous?.generation ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
  await ctx.stores.oauthTokens.replace(flow.inboxId, record);
  return { flow, provider };
}

/** Removing an OAuth inbox: the refresh token is revoked where the provider allows it, then forgotten. */
export async function forgetGrant(ctx: AppContext, inboxId: string): Promise<void> {
  const r = await ctx.stores.oauthTokens.get(inboxId);
  if (r) {
    const provider = ctx.oauth.providers.get(r.provider);
    if (provider) {
      const token = (() => {
        try {
          return ctx.secrets.open(r.refreshToken, tokenPurpose(inboxId, 'refresh'));
        } catch {
          return null;
        }
      })();
      if (token) await revokeToken(provider, token);
    }
  }
  await ctx.stores.oauthTokens.remove(inboxId);
}
