import type { AppContext } from '../context.ts';
import { principalForUser, type Principal } from '../access/principal.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

/** Who a session belongs to: the email and, for users added in the web view, their session epoch. */
export interface SessionUser {
  email: string;
  epoch: number;
}

/**
 * Checks a sign-in against the config file's users and, fresh from Redis, the web-managed ones (a lead added a
 * second ago on another node can sign in at once). Unknown emails check a decoy hash: both failures take the
 * same time.
 */
export async function authenticate(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<SessionUser | null> {
  const yaml = ctx.registry.isYamlUser(email)
    ? ctx.config.users.find((u) => u.email.toLowerCase() === email.toLowerCase())
    : undefined;
  const stored = yaml ? null : await ctx.stores.userRegistry.get(email);
  const hash = yaml?.passwordHash ?? stored?.passwordHash;
  const ok = await verifyPassword(password, hash ?? (await decoyHash()));
  if (!ok || !hash) return null;
  return { email: yaml?.email ?? stored!.email, epoch: stored?.sessionEpoch ?? 0 };
}

/**
 * The principal of a signed-in session, checked on every request against the user store: a user removed in
 * the web view, or whose password was reset since the session began, is signed out at their next request.
 */
export async function sessionPrincipal(ctx: AppContext, s: SessionUser): Promise<Principal | null> {
  if (ctx.registry.isYamlUser(s.email)) return principalForUser(s.email, ctx.config);
  const u = await ctx.stores.userRegistry.get(s.email);
  if (!u || u.sessionEpoch !== s.epoch) return null;
  return principalForUser(u.email, {
    ...ctx.config,
    users: [{ ...u, digest: u.digest }],
  });
}
