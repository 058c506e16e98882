import type { Config } from '../config/schema.ts';
import type { InboxStatus, InboxStatusStore } from '../store/inbox-status.ts';
import type { OAuthTokenStore } from '../store/oauth-tokens.ts';

/** What readiness knows beyond the pollers' status: OAuth grants and paused inboxes (web-managed ones). */
export interface ReadinessExtras {
  grants: Pick<OAuthTokenStore, 'getMany'>;
  isPaused(inboxId: string): boolean;
}

/**
 * The `readiness` of src/web/app.ts: ready when every active inbox has a connected poller. An inbox whose
 * OAuth grant was refused says `needs-sign-in`; a paused one says `paused` and does not count.
 */
export function inboxReadiness(statuses: InboxStatusStore, config: Config, extras?: ReadinessExtras) {
  return async (): Promise<{ ok: boolean; body: Record<string, unknown> }> => {
    const ids = config.inboxes.map((i) => i.id);
    let found: Record<string, InboxStatus | null>;
    try {
      found = await statuses.read(ids);
    } catch {
      found = Object.fromEntries(ids.map((id) => [id, null]));
    }
    const grants = extras ? await extras.grants.getMany(ids).catch(() => ({})) : {};
    const entries = ids.map((id) => {
      const s = found[id];
      const paused = extras?.isPaused(id) ?? false;
      const needsSignIn = (grants as Record<string, { state: string } | null>)[id]?.state === 'needs-sign-in';
      const state = paused ? 'paused' : needsSignIn ? 'needs-sign-in' : undefined;
      return [
        id,
        {
          connected: !needsSignIn && (s?.connected ?? false),
          lastSyncAt: s?.lastSyncAt ?? null,
          ...(state ? { state } : {}),
        },
      ] as const;
    });
    const ok = entries.every(([, s]) => s.connected || s.state === 'paused');
    return { ok, body: { inboxes: Object.fromEntries(entries) } };
  };
}
