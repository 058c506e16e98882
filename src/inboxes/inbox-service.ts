import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { holidaysSchema } from '../config/holidays-schema.ts';
import { SafeError } from '../errors.ts';
import type { StoredInbox } from '../model/registry-records.ts';
import { finishSignIn, forgetGrant, providerOf, startSignIn } from '../oauth/sign-in.ts';
import { auditAdmin } from './audit.ts';
import { parseAddInbox, validateSettings, type AddInboxForm } from './inbox-form.ts';
import { passwordPurpose } from './materialize.ts';

/**
 * Adding, editing, pausing and removing the inboxes admins manage in the web view. Every change is stored in
 * Redis (src/store/inbox-registry.ts), audited, and applied in this process at once (`registry.load()`); the
 * other nodes pick it up within seconds. Inboxes of the config file are read-only here.
 */

function requireSecrets(ctx: AppContext): void {
  if (!ctx.secrets.available)
    throw new SafeError(
      'secret_key_missing',
      'TACTFUL_SECRET_KEY is not set, so passwords and sign-ins cannot be stored. Set it (README "Secrets at rest") and restart.',
      409,
    );
}

async function requireFreeId(ctx: AppContext, id: string): Promise<void> {
  if (ctx.config.inboxes.some((i) => i.id === id) || (await ctx.stores.inboxRegistry.get(id)))
    throw new SafeError('inbox_exists', `An inbox "${id}" exists already: choose another id.`, 409);
}

export async function requireWebInbox(ctx: AppContext, id: string): Promise<StoredInbox> {
  const stored = await ctx.stores.inboxRegistry.get(id);
  if (!stored || !ctx.registry.isWebManaged(id)) {
    if (ctx.config.inboxes.some((i) => i.id === id))
      throw new SafeError('inbox_read_only', 'This inbox is set in the config file; change it there.', 409);
    throw new SafeError('not_found', 'No such inbox.', 404);
  }
  return stored;
}

/** A password (IMAP/SMTP) inbox: stored with its passwords sealed. */
export async function addPasswordInbox(ctx: AppContext, actor: string, form: AddInboxForm): Promise<string> {
  requireSecrets(ctx);
  const { settings, passwords } = parseAddInbox({ ...form, kind: 'password' });
  const id = String(settings.id);
  await requireFreeId(ctx, id);
  const now = ctx.clock.now().toISOString();
  const secrets = Object.fromEntries(
    Object.entries(passwords).map(([server, p]) => [
      server,
      ctx.secrets.seal(p, passwordPurpose(id, server as 'imap' | 'smtp')),
    ]),
  );
  const added = await ctx.stores.inboxRegistry.add({
    id,
    settings,
    auth: { kind: 'password' },
    secrets,
    paused: false,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
  });
  if (!added) throw new SafeError('inbox_exists', `An inbox "${id}" exists already.`, 409);
  await auditAdmin(ctx, actor, 'inbox.add', id, `password login, ${String(settings.address)}`);
  await ctx.registry.load();
  return id;
}

/** An OAuth inbox: checked now, stored when the sign-in comes back. Returns the provider URL to go to. */
export async function beginOAuthInbox(
  ctx: AppContext,
  actor: string,
  form: AddInboxForm,
  redirectUri: string,
): Promise<string> {
  requireSecrets(ctx);
  const provider = providerOf(ctx, form.kind);
  const { settings } = parseAddInbox(form, provider);
  const id = String(settings.id);
  await requireFreeId(ctx, id);
  const account = form.account || form.address;
  return startSignIn(ctx, {
    actor,
    providerId: provider.id,
    inboxId: id,
    settings: { ...settings, oauthAccount: account },
    loginHint: account,
    redirectUri,
  });
}

/** Signing an existing OAuth inbox in again (after "needs sign-in again", or to change the account). */
export async function beginSignInAgain(ctx: AppContext, actor: string, id: string, redirectUri: string) {
  requireSecrets(ctx);
  const stored = await requireWebInbox(ctx, id);
  if (stored.auth.kind !== 'oauth2')
    throw new SafeError('inbox_not_oauth', 'This inbox logs in with a password.');
  return startSignIn(ctx, {
    actor,
    providerId: stored.auth.provider,
    inboxId: id,
    settings: null,
    loginHint: stored.auth.account ?? undefined,
    redirectUri,
  });
}

/** The provider's redirect: the grant stored, then the new inbox stored (or the existing one restarted). */
export async function completeOAuth(ctx: AppContext, actor: string, query: URLSearchParams): Promise<string> {
  requireSecrets(ctx);
  let account = '';
  const { flow, provider } = await finishSignIn(ctx, actor, query, (f) => {
    account = String(f.settings?.oauthAccount ?? '');
    return account;
  });
  const now = ctx.clock.now().toISOString();
  if (flow.settings) {
    const { oauthAccount: _, ...settings } = flow.settings;
    validateSettings(settings);
    const added = await ctx.stores.inboxRegistry.add({
      id: flow.inboxId,
      settings,
      auth: { kind: 'oauth2', provider: provider.id, account },
      secrets: {},
      paused: false,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    });
    if (!added) {
      await forgetGrant(ctx, flow.inboxId);
      throw new SafeError('inbox_exists', `An inbox "${flow.inboxId}" was added meanwhile.`, 409);
    }
    await auditAdmin(ctx, actor, 'inbox.add', flow.inboxId, `${provider.name} sign-in as ${account}`);
  } else {
    const stored = await requireWebInbox(ctx, flow.inboxId);
    const previous = stored.auth.kind === 'oauth2' ? stored.auth.account : null;
    account = previous ?? String((stored.settings.imap as { user?: string } | undefined)?.user ?? '');
    // The grant record was written with the flow's account (empty for a sign-in again): name it properly.
    const grant = await ctx.stores.oauthTokens.get(flow.inboxId);
    if (grant) await ctx.stores.oauthTokens.replace(flow.inboxId, { ...grant, account });
    await ctx.stores.inboxRegistry.put({ ...stored, updatedAt: now, updatedBy: actor });
    await auditAdmin(ctx, actor, 'inbox.sign-in', flow.inboxId, `${provider.name} as ${account}`);
  }
  await ctx.registry.load();
  return flow.inboxId;
}

/** What the edit form changes: office hours, holidays, language, auto-send (the rest needs a new inbox). */
export interface InboxEdit {
  officeHours?: Record<string, string[]>;
  /** Checked by the config schema like the rest; types and open default as in YAML when left out. */
  holidays?: z.input<typeof holidaysSchema>;
  language?: string;
  timezone?: string;
  autoSend?: Record<string, boolean>;
}

export async function editInbox(ctx: AppContext, actor: string, id: string, edit: InboxEdit): Promise<void> {
  const stored = await requireWebInbox(ctx, id);
  const settings = { ...stored.settings };
  for (const [k, v] of Object.entries(edit)) if (v !== undefined) settings[k] = v;
  validateSettings(settings);
  await ctx.stores.inboxRegistry.put({
    ...stored,
    settings,
    updatedAt: ctx.clock.now().toISOString(),
    updatedBy: actor,
  });
  await auditAdmin(
    ctx,
    actor,
    'inbox.edit',
    id,
    Object.keys(edit)
      .filter((k) => edit[k as keyof InboxEdit] !== undefined)
      .join(', '),
  );
  await ctx.registry.load();
}

export async function setPaused(ctx: AppContext, actor: string, id: string, paused: boolean): Promise<void> {
  const stored = await requireWebInbox(ctx, id);
  if (stored.paused === paused) return;
  await ctx.stores.inboxRegistry.put({
    ...stored,
    paused,
    updatedAt: ctx.clock.now().toISOString(),
    updatedBy: actor,
  });
  await auditAdmin(ctx, actor, paused ? 'inbox.pause' : 'inbox.resume', id);
  await ctx.registry.load();
}

/** Removes the inbox (its drafts and messages stay, as records of what happened); an OAuth grant is revoked. */
export async function removeInbox(ctx: AppContext, actor: string, id: string): Promise<void> {
  const stored = await requireWebInbox(ctx, id);
  if (stored.auth.kind === 'oauth2') await forgetGrant(ctx, id);
  await ctx.stores.inboxRegistry.remove(id);
  await auditAdmin(ctx, actor, 'inbox.remove', id);
  await ctx.registry.load();
}
