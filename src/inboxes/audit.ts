import type { AppContext } from '../context.ts';

/** One line in the admin audit trail (src/store/admin-log.ts): who changed which inbox or user, and how. */
export async function auditAdmin(
  ctx: AppContext,
  actor: string,
  action: string,
  target: string,
  detail = '',
): Promise<void> {
  await ctx.stores.adminLog.audit({ at: ctx.clock.now().toISOString(), actor, action, target, detail });
  ctx.log.info({ component: 'admin', actor, action, target }, 'admin change');
}
