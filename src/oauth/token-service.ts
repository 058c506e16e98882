import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { SafeError } from '../errors.ts';
import type { AccessTokenSource } from '../model/access-token.ts';
import type { TokenRecord } from '../model/oauth-token.ts';
import type { OAuthTokenStore } from '../store/oauth-tokens.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { GrantGoneError, refreshTokens } from './oauth-client.ts';
import type { OAuthProvider } from './providers.ts';
import { sealTokens, tokenPurpose } from './token-seal.ts';

/** The inbox cannot log in until an admin signs in again (the grant was refused, or there never was one). */
export class NeedsSignInError extends SafeError {
  constructor(inboxId: string, reason: string) {
    super('oauth_needs_sign_in', `inbox "${inboxId}" needs sign-in again: ${reason}`, 409);
  }
}

/**
 * Refresh when a fifth of the lifetime is left, at most 5 minutes before expiry: an hour-long Microsoft or
 * Google token is renewed at 55 minutes, and a connection opened just before that still has minutes to log in.
 */
export function refreshAt(expiresAt: number, issuedAt: number): number {
  return expiresAt - Math.min(5 * 60_000, Math.max(0, expiresAt - issuedAt) / 5);
}

/** How long to wait for another process's refresh before trying ourselves (their lock expires meanwhile). */
const LOCK_MS = 20_000;

export interface TokenDeps {
  tokens: OAuthTokenStore;
  secrets: SecretBox;
  providers: ReadonlyMap<string, OAuthProvider>;
  clock: Clock;
  log: Logger;
  /** Told once per process when a grant is found refused (alerting is once across processes: src/oauth/alert). */
  onGrantGone(inboxId: string, generation: number, reason: string): Promise<void>;
}

export interface FreshToken {
  accessToken: string;
  expiresAt: number;
  /** When a caller holding this token should get a new one (e.g. a poller in IDLE reconnects). */
  refreshAt: number;
}

function usable(r: TokenRecord, now: number): boolean {
  return (
    r.accessToken !== null && r.expiresAt !== null && now < refreshAt(r.expiresAt, Date.parse(r.updatedAt))
  );
}

/**
 * The access tokens of one inbox, shared by every process through Redis: a process uses the stored token while
 * it is fresh; when it is due, one process (the refresh lock's holder) refreshes and stores the result and the
 * others wait for it. A refused refresh token marks the grant `needs-sign-in` and nothing asks the provider
 * again until an admin signs in.
 */
export class InboxTokens implements AccessTokenSource {
  constructor(
    private readonly deps: TokenDeps,
    readonly inboxId: string,
    readonly account: string,
  ) {}

  async get(opts: { renew?: boolean } = {}): Promise<FreshToken> {
    const deadline = this.deps.clock.now().getTime() + LOCK_MS * 2;
    const before = await this.record();
    if (!opts.renew && usable(before, this.now())) return this.open(before);
    for (;;) {
      const release = await this.deps.tokens.lockRefresh(this.inboxId, LOCK_MS);
      if (release) {
        try {
          const current = await this.record();
          // Someone refreshed between our read and the lock: theirs is as new as ours would be.
          if (current.accessToken !== before.accessToken && usable(current, this.now()))
            return this.open(current);
          return await this.refresh(current);
        } finally {
          await release().catch(() => undefined);
        }
      }
      await new Promise((r) => setTimeout(r, 200));
      const now = await this.record();
      if (now.accessToken !== before.accessToken && usable(now, this.now())) return this.open(now);
      if (this.now() > deadline)
        throw new SafeError('oauth_refresh_busy', 'another process is refreshing the token: try again', 503);
    }
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  private async record(): Promise<TokenRecord> {
    const r = await this.deps.tokens.get(this.inboxId);
    if (!r) throw new NeedsSignInError(this.inboxId, 'no sign-in stored');
    if (r.state === 'needs-sign-in')
      throw new NeedsSignInError(this.inboxId, r.reason ?? 'the grant was refused');
    return r;
  }

  private open(r: TokenRecord): FreshToken {
    const accessToken = this.deps.secrets.open(r.accessToken!, tokenPurpose(this.inboxId, 'access'));
    return {
      accessToken,
      expiresAt: r.expiresAt!,
      refreshAt: refreshAt(r.expiresAt!, Date.parse(r.updatedAt)),
    };
  }

  private async refresh(r: TokenRecord): Promise<FreshToken> {
    const provider = this.deps.providers.get(r.provider);
    if (!provider)
      throw new NeedsSignInError(this.inboxId, `provider "${r.provider}" is no longer configured`);
    const refreshToken = this.deps.secrets.open(r.refreshToken, tokenPurpose(this.inboxId, 'refresh'));
    const log = this.deps.log.child({ component: 'oauth', inbox: this.inboxId });
    try {
      const t = await refreshTokens(provider, refreshToken, this.now());
      const next: TokenRecord = {
        ...r,
        ...sealTokens(this.deps.secrets, this.inboxId, t, refreshToken),
        expiresAt: t.expiresAt,
        scopes: t.scopes,
        updatedAt: this.deps.clock.now().toISOString(),
      };
      if (!(await this.deps.tokens.update(this.inboxId, next)))
        throw new SafeError('oauth_signed_in_again', 'the inbox was signed in again meanwhile: retry', 503);
      log.info({ expiresAt: new Date(t.expiresAt).toISOString() }, 'access token refreshed');
      return this.open(next);
    } catch (err) {
      if (!(err instanceof GrantGoneError)) throw err;
      log.warn({ reason: err.message }, 'refresh token refused: the inbox needs sign-in again');
      const gone: TokenRecord = {
        ...r,
        accessToken: null,
        expiresAt: null,
        state: 'needs-sign-in',
        reason: err.message,
        updatedAt: this.deps.clock.now().toISOString(),
      };
      if (await this.deps.tokens.update(this.inboxId, gone))
        await this.deps
          .onGrantGone(this.inboxId, r.generation, err.message)
          .catch((e: unknown) => log.error({ err: e }, 'could not alert admins'));
      throw new NeedsSignInError(this.inboxId, err.message);
    }
  }
}
