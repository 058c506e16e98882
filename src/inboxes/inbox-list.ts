import type { AppContext } from '../context.ts';

/** An inbox as the admin page and the API show it: never a password or token. */
export interface InboxView {
  id: string;
  address: string;
  source: 'config' | 'web';
  login: string;
  paused: boolean;
  /** `connected`, `needs sign-in again`, `paused`, `connecting`, or the poller's last error. */
  state: string;
  lastSyncAt: string | null;
  signInAgain: boolean;
}

export async function listInboxes(ctx: AppContext): Promise<InboxView[]> {
  const ids = ctx.config.inboxes.map((i) => i.id);
  const [statuses, grants, stored] = await Promise.all([
    ctx.stores.inboxStatus.read(ids),
    ctx.stores.oauthTokens.getMany(ids),
    ctx.stores.inboxRegistry.list(),
  ]);
  const byId = new Map(stored.map((s) => [s.id, s]));
  return ctx.config.inboxes.map((i) => {
    const s = byId.get(i.id);
    const web = ctx.registry.isWebManaged(i.id);
    const paused = ctx.registry.isPaused(i.id);
    const grant = grants[i.id];
    const status = statuses[i.id];
    const needsSignIn = grant?.state === 'needs-sign-in';
    const provider =
      s?.auth.kind === 'oauth2' ? (ctx.oauth.providers.get(s.auth.provider)?.name ?? s.auth.provider) : null;
    const login =
      s?.auth.kind === 'oauth2'
        ? `${provider} sign-in (${s.auth.account ?? i.imap.user})`
        : `password (${i.imap.user})`;
    const state = paused
      ? 'paused'
      : needsSignIn
        ? 'needs sign-in again'
        : status?.connected
          ? 'connected'
          : (status?.error ?? 'connecting');
    return {
      id: i.id,
      address: i.address,
      source: web ? 'web' : 'config',
      login,
      paused,
      state,
      lastSyncAt: status?.lastSyncAt ?? null,
      signInAgain: web && s?.auth.kind === 'oauth2',
    };
  });
}
