import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppContext } from '../context.ts';

/** This process's place among the live pollers (src/store/pollers.ts), kept fresh by a heartbeat. */
export interface PollerMembership {
  /** host:pid:random — unique per supervisor, also when tests run several in one process. */
  readonly id: string;
  /** The live poller ids, sorted, as of the last heartbeat (this one included once it went through). */
  live(): readonly string[];
  /** Called when the live pollers change. Returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Resolves once the first heartbeat went through (or the membership closed before that). */
  readonly ready: Promise<void>;
  /** Stops the heartbeat and deregisters, so the others take this poller's inboxes at once. */
  close(): Promise<void>;
}

/**
 * Registers this poller and renews the registration every eighth of `ingest.leaseSeconds`, with that TTL: a
 * poller that dies drops out of everyone's list within the lease time, as its leases expire — so its inboxes
 * get a new owner just as they become free (seen by the others within another eighth). Each heartbeat also
 * reads who else is live.
 */
export function joinPollers(ctx: AppContext): PollerMembership {
  const log = ctx.log.child({ component: 'pollers' });
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const ttlMs = ctx.config.ingest.leaseSeconds * 1000;
  const everyMs = Math.max(200, ttlMs / 8);
  const store = ctx.stores.pollers;
  const listeners = new Set<() => void>();
  let live: readonly string[] = [];
  let closed = false;
  let failing = false;
  let timer: NodeJS.Timeout | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function beat(): Promise<void> {
    try {
      const now = await store.heartbeat(id, ttlMs);
      if (closed) return;
      if (failing) log.info('poller heartbeat works again');
      failing = false;
      const changed = now.join('\n') !== live.join('\n');
      live = now;
      markReady();
      if (changed) {
        log.info({ live: now.length }, 'live pollers changed');
        for (const l of listeners) l();
      }
    } catch (err) {
      // Kept quiet after the first: with Redis away the leases lapse too, and the pollers say so.
      if (!failing) log.warn({ err: (err as Error).message }, 'poller heartbeat failed; retrying');
      failing = true;
    }
  }

  // A chain of timeouts, not an interval: a slow Redis never gets two heartbeats from one poller at once.
  const loop = () => {
    timer = setTimeout(() => void beat().finally(() => !closed && loop()), everyMs);
  };
  void beat().finally(() => !closed && loop());

  return {
    id,
    live: () => live,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      markReady();
      listeners.clear();
      await store.leave(id).catch(() => undefined);
    },
  };
}
