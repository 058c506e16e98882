import type { Config } from '../config/schema.ts';
import type { InboxStatus, InboxStatusStore } from '../store/inbox-status.ts';

/** The `readiness` of src/web/app.ts: ready when every configured inbox has a connected poller. */
export function inboxReadiness(statuses: InboxStatusStore, config: Config) {
  return async (): Promise<{ ok: boolean; body: Record<string, unknown> }> => {
    const ids = config.inboxes.map((i) => i.id);
    let found: Record<string, InboxStatus | null>;
    try {
      found = await statuses.read(ids);
    } catch {
      found = Object.fromEntries(ids.map((id) => [id, null]));
    }
    const inboxes = Object.fromEntries(
      ids.map((id) => {
        const s = found[id];
        return [id, { connected: s?.connected ?? false, lastSyncAt: s?.lastSyncAt ?? null }];
      }),
    );
    return { ok: Object.values(inboxes).every((s) => s.connected), body: { inboxes } };
  };
}
