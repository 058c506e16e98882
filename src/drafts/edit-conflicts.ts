import { DateTime } from 'luxon';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import type { DraftRecord } from '../model/draft-record.ts';

/**
 * Two leads editing one draft (issue 13, item 7): each edit carries the version it started from — the length of
 * the draft's audit trail, which every change extends — and a save on a draft that changed since is refused with
 * 409, naming who changed it, never silently overwritten. Who has the draft open is shown from heartbeats.
 */

/** The version a lead's edit starts from (shown with the draft; sent back with the save or the approval). */
export const draftVersion = (d: Pick<DraftRecord, 'audit'>) => d.audit.length;

/** How long a heartbeat says "editing": the page sends one every half minute or so. */
export const EDITING_HEARTBEAT_MS = 60_000;

function personOf(ctx: AppContext, actor: string): string {
  if (actor === 'tactful') return 'Tactful';
  if (actor.startsWith('api:')) return `the API client "${actor.slice(4)}"`;
  return ctx.config.users.find((u) => u.email.toLowerCase() === actor.toLowerCase())?.name ?? actor;
}

/** The 409 for a save based on an older version: who changed the draft, how, and when (inbox clock). */
export function staleEditError(ctx: AppContext, current: DraftRecord): SafeError {
  const last = current.audit[current.audit.length - 1]!;
  const zone = ctx.config.inboxes.find((i) => i.id === current.inbox)?.timezone ?? 'UTC';
  const when = DateTime.fromISO(last.at, { zone }).toFormat('HH:mm');
  return new SafeError(
    'edit_conflict',
    `${personOf(ctx, last.actor)} changed this draft (${last.action}, ${when}) after you opened it: reload to see their version before saving yours`,
    409,
  );
}

/** The heartbeat of a lead with the draft open; answers who else has it open ("Lea is editing"). */
export async function othersEditing(
  ctx: AppContext,
  principal: Principal,
  draftId: string,
): Promise<Array<{ actor: string; name: string }>> {
  const now = ctx.clock.now().getTime();
  const editors = await ctx.stores.draftEditors.touch(
    draftId,
    { actor: principal.actor, name: principal.name, until: now + EDITING_HEARTBEAT_MS },
    now,
  );
  return editors.filter((e) => e.actor !== principal.actor).map(({ actor, name }) => ({ actor, name }));
}
