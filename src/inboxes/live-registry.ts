import type { AppContext } from '../context.ts';
import type { InboxConfig, UserConfig } from '../config/schema.ts';
import type { RegistryView } from '../model/registry-view.ts';
import type { StoredInbox } from '../model/registry-records.ts';
import { SafeError } from '../errors.ts';
import { SECRET_KEY_ENV } from '../secrets/key-ring.ts';
import { materialize } from './materialize.ts';
import { reencryptSecrets } from './reencrypt.ts';

/** How often each process looks for changes made in the web view (on any node). */
export const REGISTRY_POLL_MS = 2000;

/**
 * The process's view of its inboxes and users: the YAML ones (read-only) followed by those added in the web
 * view (Redis), merged into `ctx.config.inboxes` and `ctx.config.users` IN PLACE — every module that looks an
 * inbox up in the config sees the new ones without a restart, and none needs to know where they came from.
 * A YAML inbox or user wins over a stored one with the same id or email.
 */
export class LiveRegistry implements RegistryView {
  private readonly yamlInboxes: InboxConfig[];
  private readonly yamlUsers: UserConfig[];
  private version = -1;
  private stored = new Map<string, StoredInbox>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly pollMs = REGISTRY_POLL_MS,
  ) {
    this.yamlInboxes = [...ctx.config.inboxes];
    this.yamlUsers = [...ctx.config.users];
  }

  isPaused(id: string): boolean {
    return this.stored.get(id)?.paused ?? false;
  }

  isWebManaged(id: string): boolean {
    return this.stored.has(id) && !this.yamlInboxes.some((i) => i.id === id);
  }

  revision(id: string): string {
    const s = this.stored.get(id);
    return s ? `${s.updatedAt}|${s.paused}` : 'yaml';
  }

  isYamlUser(email: string): boolean {
    return this.yamlUsers.some((u) => u.email.toLowerCase() === email.toLowerCase());
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(): Promise<void> {
    // One load at a time, and every call reads after the ones before it finished: a caller that just changed
    // the registry never gets the result of a read that started before its change.
    const next = this.loading.catch(() => undefined).then(() => this.reload());
    this.loading = next;
    return next;
  }

  private async reload(): Promise<void> {
    const { stores, config, secrets, oauth, log } = this.ctx;
    const version = await stores.registryVersion.read();
    const [inboxes, users] = await Promise.all([stores.inboxRegistry.list(), stores.userRegistry.list()]);
    const yamlIds = new Set(this.yamlInboxes.map((i) => i.id));
    const web = inboxes.filter((i) => !yamlIds.has(i.id));
    const withSecrets = web.filter((i) => Object.keys(i.secrets).length > 0 || i.auth.kind === 'oauth2');
    if (withSecrets.length > 0 && !secrets.available)
      throw new SafeError(
        'secret_key_missing',
        `Redis holds encrypted passwords or tokens of ${withSecrets.length} inbox${withSecrets.length === 1 ? '' : 'es'} (${withSecrets.map((i) => i.id).join(', ')}) but ${SECRET_KEY_ENV} is not set: start with the key they were stored with (README "Secrets at rest").`,
      );
    const merged: InboxConfig[] = [];
    for (const s of web) {
      try {
        merged.push(materialize(s, secrets, oauth));
      } catch (err) {
        // One broken record must not take the others down; the admin page shows it as not loaded.
        if (err instanceof SafeError && err.code === 'secret_key_unknown') throw err;
        log.error({ inbox: s.id, err: (err as Error).message }, 'stored inbox not loaded');
      }
    }
    const yamlEmails = new Set(this.yamlUsers.map((u) => u.email.toLowerCase()));
    const webUsers: UserConfig[] = users
      .filter((u) => !yamlEmails.has(u.email.toLowerCase()))
      .map(({ email, name, role, inboxes: ids, passwordHash, digest }) => ({
        email,
        name,
        role,
        inboxes: ids,
        passwordHash,
        digest,
      }));
    config.inboxes.splice(0, config.inboxes.length, ...this.yamlInboxes, ...merged);
    config.users.splice(0, config.users.length, ...this.yamlUsers, ...webUsers);
    this.stored = new Map(web.map((s) => [s.id, s]));
    const changed = version !== this.version;
    this.version = version;
    if (changed) for (const l of this.listeners) l();
  }

  async start(): Promise<void> {
    await this.load();
    if (this.ctx.secrets.available) {
      const n = await reencryptSecrets(this.ctx);
      if (n > 0) {
        this.ctx.log.info({ secrets: n }, 're-encrypted stored secrets with the current key');
        await this.load();
      }
    }
    this.timer ??= setInterval(() => {
      void this.ctx.stores.registryVersion
        .read()
        .then((v) => (v !== this.version ? this.load() : undefined))
        .catch((err: unknown) =>
          this.ctx.log.warn({ err: (err as Error).message }, 'could not read the inbox registry'),
        );
    }, this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
