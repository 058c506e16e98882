import * as oauth from 'oauth4webapi';
import { SafeError } from '../errors.ts';
import type { OAuthProvider } from './providers.ts';

/**
 * The OAuth2 protocol, through oauth4webapi (panva; RFC 6749, RFC 7636 PKCE, RFC 7009 revocation, RFC 9207
 * `iss` checks): this file only maps a provider onto it and sorts its errors into "the grant is gone" and
 * "try again later".
 */

const TIMEOUT_MS = 15_000;

/** Plain http only on loopback (a local test provider); anything else must be https, as oauth4webapi insists. */
function isLoopback(url: string): boolean {
  const h = new URL(url).hostname;
  return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
}

function server(p: OAuthProvider): oauth.AuthorizationServer {
  return {
    issuer: new URL(p.authorizeUrl).origin,
    authorization_endpoint: p.authorizeUrl,
    token_endpoint: p.tokenUrl,
    revocation_endpoint: p.revokeUrl,
  };
}

const client = (p: OAuthProvider): oauth.Client => ({ client_id: p.clientId });
const clientAuth = (p: OAuthProvider) =>
  p.clientSecret ? oauth.ClientSecretPost(p.clientSecret) : oauth.None();
const requestOptions = (p: OAuthProvider) => ({
  signal: AbortSignal.timeout(TIMEOUT_MS),
  [oauth.allowInsecureRequests]: isLoopback(p.tokenUrl),
});

/** The refresh token was refused for good (revoked, expired, password changed, consent withdrawn). */
export class GrantGoneError extends SafeError {
  constructor(reason: string) {
    super('oauth_grant_gone', reason, 409);
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms. */
  expiresAt: number;
  scopes: string[];
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier: string;
}

export async function authorizationRequest(
  p: OAuthProvider,
  redirectUri: string,
  loginHint?: string,
): Promise<AuthorizationRequest> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(p.authorizeUrl);
  const params: Record<string, string> = {
    client_id: p.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: p.scopes.join(' '),
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...p.authorizeParams,
    ...(loginHint ? { login_hint: loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.href, state, codeVerifier };
}

function tokensOf(r: oauth.TokenEndpointResponse, now: number, requested: string[]): Tokens {
  return {
    accessToken: r.access_token,
    refreshToken: r.refresh_token ?? null,
    // A provider that names no lifetime gets one hour (the common default); a wrong guess only costs an
    // early refresh or one refused login followed by a refresh.
    expiresAt: now + (r.expires_in ?? 3600) * 1000,
    // RFC 6749 §5.1: scope may be omitted when it is what was asked for.
    scopes: r.scope ? r.scope.split(/\s+/).filter(Boolean) : requested,
  };
}

/** Sorts a failed token request: a refused grant, or something worth retrying (network, 5xx, odd answers). */
function classify(err: unknown): never {
  if (err instanceof oauth.ResponseBodyError && err.error === 'invalid_grant')
    throw new GrantGoneError(`the provider refused the grant (${err.error_description ?? err.error})`);
  if (err instanceof oauth.ResponseBodyError)
    throw new SafeError('oauth_token_failed', `the provider answered ${err.status} ${err.error}`, 502);
  const e = err as Error;
  throw new SafeError(
    'oauth_unreachable',
    `the token endpoint did not answer (${e?.name ?? 'error'}: ${e?.message?.slice(0, 120)})`,
    502,
  );
}

/** The callback's parameters checked (state, `error=`), then the code exchanged with its PKCE verifier. */
export async function exchangeCode(
  p: OAuthProvider,
  callback: URLSearchParams,
  expectedState: string,
  redirectUri: string,
  codeVerifier: string,
  now: number,
): Promise<Tokens> {
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(server(p), client(p), callback, expectedState);
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError)
      throw new SafeError('oauth_denied', `the provider did not grant access (${err.error})`, 400);
    throw new SafeError('oauth_bad_callback', 'the sign-in answer was not valid: start again', 400);
  }
  try {
    const res = await oauth.authorizationCodeGrantRequest(
      server(p),
      client(p),
      clientAuth(p),
      params,
      redirectUri,
      codeVerifier,
      requestOptions(p),
    );
    return tokensOf(await oauth.processAuthorizationCodeResponse(server(p), client(p), res), now, p.scopes);
  } catch (err) {
    classify(err);
  }
}

export async function refreshTokens(p: OAuthProvider, refreshToken: string, now: number): Promise<Tokens> {
  try {
    const res = await oauth.refreshTokenGrantRequest(
      server(p),
      client(p),
      clientAuth(p),
      refreshToken,
      requestOptions(p),
    );
    return tokensOf(await oauth.processRefreshTokenResponse(server(p), client(p), res), now, p.scopes);
  } catch (err) {
    classify(err);
  }
}

/** Best effort (RFC 7009): a provider without a revocation endpoint, or one that fails, is left as it is. */
export async function revokeToken(p: OAuthProvider, token: string): Promise<boolean> {
  if (!p.revokeUrl) return false;
  try {
    const res = await oauth.revocationRequest(server(p), client(p), clientAuth(p), token, requestOptions(p));
    await oauth.processRevocationResponse(res);
    return true;
  } catch {
    return false;
  }
}
