import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { buildNotice } from '../mail/notice.ts';

/**
 * Tells the admins, once per grant across every process, that an inbox needs signing in again: an email sent
 * through the SMTP of another inbox that still works (not this one: its SMTP used the same grant), else a notice
 * kept for the admin page. The inbox's state on the admin page and in /readyz shows it either way.
 */
export async function alertNeedsSignIn(
  ctx: AppContext,
  inboxId: string,
  generation: number,
  reason: string,
): Promise<void> {
  if (!(await ctx.stores.oauthTokens.firstAlert(inboxId, generation))) return;
  const now = ctx.clock.now();
  const inbox = ctx.config.inboxes.find((i) => i.id === inboxId);
  const text =
    `Tactful can no longer read the inbox ${inbox?.address ?? inboxId}: ${reason}.\n\n` +
    `Its sign-in was revoked or has expired. Until an admin signs in again, no new mail is read and no reply ` +
    `is sent from it. Sign in again under Admin → Inboxes → ${inboxId} → "Sign in again".\n`;
  await ctx.stores.adminLog.audit({
    at: now.toISOString(),
    actor: 'tactful',
    action: 'inbox.needs-sign-in',
    target: inboxId,
    detail: reason,
  });
  const admins = ctx.config.users.filter((u) => u.role === 'admin').map((u) => u.email);
  const log = ctx.log.child({ component: 'oauth', inbox: inboxId });
  if (admins.length > 0) {
    for (const relay of await workingRelays(ctx, inboxId)) {
      try {
        for (const to of admins) {
          const out = await buildNotice(
            relay,
            {
              to,
              subject: `Inbox ${inbox?.address ?? inboxId} needs sign-in again`,
              text,
              messageId: `<needs-sign-in.${inboxId}.${generation}.${Buffer.from(to).toString('hex')}@tactful.invalid>`,
              fromName: `Tactful (${ctx.config.agency.name})`,
            },
            now,
          );
          await ctx.smtp.transport(relay).sendMail({ envelope: out.envelope, raw: out.raw });
        }
        log.info({ via: relay.id, admins: admins.length }, 'admins alerted by email');
        return;
      } catch (err) {
        log.warn({ via: relay.id, err: (err as Error).message }, 'alert email failed; trying another inbox');
      }
    }
  }
  await ctx.stores.adminLog.notice({ at: now.toISOString(), inbox: inboxId, text });
  log.warn('no working SMTP to email the admins: the alert waits on the admin page');
}

/** Inboxes with SMTP other than the failing one, leaving out OAuth inboxes whose grant is gone too. */
async function workingRelays(ctx: AppContext, failing: string): Promise<InboxConfig[]> {
  const candidates = ctx.config.inboxes.filter((i) => i.id !== failing && i.smtp);
  const grants = await ctx.stores.oauthTokens.getMany(candidates.map((i) => i.id));
  return candidates.filter((i) => !i.smtp?.oauth || grants[i.id]?.state === 'ok');
}
