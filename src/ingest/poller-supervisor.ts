import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { startPoller, type PollerHandle } from './poller.ts';
import { joinPollers } from './poller-membership.ts';
import { assignOwners } from './rendezvous.ts';

/**
 * One poller per active inbox, following the registry (src/inboxes/live-registry.ts): an inbox added in the web
 * view gets a poller within seconds on every node, a paused or removed one loses it, an edited one (new server,
 * new sign-in) gets a new one.
 *
 * Inboxes are spread over the live poller processes (src/ingest/poller-membership.ts) by rendezvous hashing with
 * bounded loads: each process works out the same owner for every inbox from the same lists, and its pollers
 * try to take only the leases of the inboxes it owns, so P processes hold about N/P each. When a process joins
 * or dies the owners change and the pollers concerned hand over or take over. The lease stays what keeps an
 * inbox to one poller; the owners only decide who tries. Alone, a process owns every inbox.
 */
export function startPollerSupervisor(ctx: AppContext): { close(): Promise<void> } {
  const running = new Map<string, { handle: PollerHandle; revision: string }>();
  const log = ctx.log.child({ component: 'pollers' });
  const membership = joinPollers(ctx);
  let owners = new Map<string, string>();
  let ready = false;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const wanted = (): InboxConfig[] => ctx.config.inboxes.filter((i) => !ctx.registry.isPaused(i.id));
  const claimOf = (inboxId: string) => ({
    self: membership.id,
    owner: () => owners.get(inboxId) ?? null,
  });

  /** New owners for the inboxes; the pollers whose owner changed look again at once. */
  function reassign(inboxIds: string[]): void {
    const before = owners;
    owners = assignOwners(inboxIds, membership.live());
    const mine = inboxIds.filter((id) => owners.get(id) === membership.id).length;
    const moved = inboxIds.filter((id) => before.get(id) !== owners.get(id));
    if (moved.length)
      log.info(
        { pollers: membership.live().length, owns: mine, of: inboxIds.length, moved: moved.length },
        'inboxes spread over the live pollers',
      );
    for (const id of moved) running.get(id)?.handle.reconsider();
  }

  async function sync(): Promise<void> {
    if (closed || !ready) return;
    const want = new Map(wanted().map((i) => [i.id, i]));
    reassign([...want.keys()]);
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
      running.set(id, { handle: startPoller(ctx, inbox, claimOf(id)), revision: ctx.registry.revision(id) });
    }
  }

  // Changes (of the registry or of the live pollers) are applied one after another, never two syncs at once.
  const schedule = () => (queue = queue.then(sync, sync));
  const unsubscribe = ctx.registry.onChange(schedule);
  const unfollow = membership.onChange(schedule);
  // Pollers start once this process knows who else is live, so it does not grab every inbox meanwhile.
  void membership.ready.then(() => {
    ready = true;
    schedule();
  });

  return {
    async close() {
      closed = true;
      unsubscribe();
      unfollow();
      await queue.catch(() => undefined);
      // Deregister first: the others then own these inboxes and take each lease as soon as it is released.
      await membership.close();
      await Promise.all([...running.values()].map((r) => r.handle.close().catch(() => undefined)));
      running.clear();
    },
  };
}
