import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { startPoller, type PollerHandle } from './poller.ts';

/**
 * One poller per active inbox, following the registry (src/inboxes/live-registry.ts): an inbox added in the web
 * view gets a poller within seconds on every node, a paused or removed one loses it, an edited one (new server,
 * new sign-in) gets a new one. Pollers still compete for each inbox's lease, so only one node polls an inbox.
 */
export function startPollerSupervisor(ctx: AppContext): { close(): Promise<void> } {
  const running = new Map<string, { handle: PollerHandle; revision: string }>();
  const log = ctx.log.child({ component: 'pollers' });
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const wanted = (): InboxConfig[] => ctx.config.inboxes.filter((i) => !ctx.registry.isPaused(i.id));

  async function sync(): Promise<void> {
    if (closed) return;
    const want = new Map(wanted().map((i) => [i.id, i]));
    for (const [id, r] of [...running]) {
      if (want.has(id) && ctx.registry.revision(id) === r.revision) continue;
      running.delete(id);
      await r.handle.close().catch((err: unknown) => log.error({ err, inbox: id }, 'poller close failed'));
      log.info(
        { inbox: id },
        want.has(id) ? 'inbox changed: poller restarts' : 'inbox gone or paused: poller stopped',
      );
    }
    for (const [id, inbox] of want) {
      if (running.has(id)) continue;
      running.set(id, { handle: startPoller(ctx, inbox), revision: ctx.registry.revision(id) });
    }
  }

  // Changes are applied one after another, never two syncs at once.
  const schedule = () => (queue = queue.then(sync, sync));
  const unsubscribe = ctx.registry.onChange(schedule);
  schedule();

  return {
    async close() {
      closed = true;
      unsubscribe();
      await queue.catch(() => undefined);
      await Promise.all([...running.values()].map((r) => r.handle.close().catch(() => undefined)));
      running.clear();
    },
  };
}
