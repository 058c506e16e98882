import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { StoredUser } from '../model/registry-records.ts';
import { auditAdmin } from '../inboxes/audit.ts';
import { hashPassword } from './passwords.ts';

export const MIN_PASSWORD = 10;

/** A user as the admin page lists them: never the password hash. */
export interface UserView {
  email: string;
  name: string;
  role: 'admin' | 'lead';
  inboxes: string[];
  /** Users of the config file are shown, not edited. */
  readOnly: boolean;
}

export async function listUsers(ctx: AppContext): Promise<UserView[]> {
  const stored = await ctx.stores.userRegistry.list();
  const yaml = ctx.config.users.filter((u) => ctx.registry.isYamlUser(u.email));
  return [
    ...yaml.map((u) => ({ email: u.email, name: u.name, role: u.role, inboxes: u.inboxes, readOnly: true })),
    ...stored
      .filter((u) => !ctx.registry.isYamlUser(u.email))
      .map((u) => ({ email: u.email, name: u.name, role: u.role, inboxes: u.inboxes, readOnly: false })),
  ];
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD)
    throw new SafeError('password_short', `The password needs at least ${MIN_PASSWORD} characters.`);
}

function checkInboxes(ctx: AppContext, ids: string[]): string[] {
  const unknown = ids.filter((id) => !ctx.config.inboxes.some((i) => i.id === id));
  if (unknown.length) throw new SafeError('inbox_unknown', `No inbox "${unknown[0]!.slice(0, 64)}".`);
  return [...new Set(ids)];
}

async function editable(ctx: AppContext, email: string): Promise<StoredUser> {
  if (ctx.registry.isYamlUser(email))
    throw new SafeError('user_read_only', 'This user is set in the config file; change them there.', 409);
  const u = await ctx.stores.userRegistry.get(email);
  if (!u) throw new SafeError('not_found', 'No such user.', 404);
  return u;
}

export interface NewUser {
  email: string;
  name: string;
  role: 'admin' | 'lead';
  inboxes: string[];
  password: string;
}

export async function addUser(ctx: AppContext, actor: string, u: NewUser): Promise<void> {
  const email = u.email.trim();
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) || email.length > 254)
    throw new SafeError('email_invalid', 'That is not an email address.');
  if (!u.name.trim()) throw new SafeError('name_missing', 'Give the name.');
  checkPassword(u.password);
  if (ctx.registry.isYamlUser(email)) throw new SafeError('user_exists', 'That user already exists.', 409);
  const now = ctx.clock.now().toISOString();
  const added = await ctx.stores.userRegistry.add({
    email,
    // No control characters (CR/LF): a name may end up in a mail's text or a display name.
    name: u.name
      .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
      .trim()
      .slice(0, 200),
    role: u.role,
    inboxes: u.role === 'admin' ? [] : checkInboxes(ctx, u.inboxes),
    passwordHash: await hashPassword(u.password),
    digest: true,
    sessionEpoch: 0,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
  });
  if (!added) throw new SafeError('user_exists', 'That user already exists.', 409);
  await auditAdmin(
    ctx,
    actor,
    'user.add',
    email,
    `${u.role}${u.role === 'lead' ? `: ${u.inboxes.join(', ')}` : ''}`,
  );
  await ctx.registry.load();
}

export async function removeUser(ctx: AppContext, actor: string, email: string): Promise<void> {
  const u = await editable(ctx, email);
  if (u.email.toLowerCase() === actor.toLowerCase())
    throw new SafeError('user_self', 'You cannot remove yourself.', 409);
  await ctx.stores.userRegistry.remove(u.email);
  await auditAdmin(ctx, actor, 'user.remove', u.email);
  await ctx.registry.load();
}

export async function assignInboxes(ctx: AppContext, actor: string, email: string, inboxes: string[]) {
  const u = await editable(ctx, email);
  const ids = checkInboxes(ctx, inboxes);
  await ctx.stores.userRegistry.put({ ...u, inboxes: ids, updatedAt: ctx.clock.now().toISOString() });
  await auditAdmin(ctx, actor, 'user.assign', u.email, ids.join(', ') || '(none)');
  await ctx.registry.load();
}

/** A new password; sessions signed in with the old one end at their next request. */
export async function resetPassword(ctx: AppContext, actor: string, email: string, password: string) {
  const u = await editable(ctx, email);
  checkPassword(password);
  await ctx.stores.userRegistry.put({
    ...u,
    passwordHash: await hashPassword(password),
    sessionEpoch: u.sessionEpoch + 1,
    updatedAt: ctx.clock.now().toISOString(),
  });
  await auditAdmin(ctx, actor, 'user.reset-password', u.email);
  await ctx.registry.load();
}
