/**
 * What the rest of a process sees of the web-managed inboxes and users (src/inboxes/live-registry.ts): they are
 * merged into `ctx.config.inboxes` and `ctx.config.users` in place, so every `config.inboxes.find(…)` sees them;
 * this says which are paused or web-managed and when the set changed.
 */
export interface RegistryView {
  /** Reads the registry now and merges it into the config (also done every few seconds once started). */
  load(): Promise<void>;
  /** Loads, re-encrypts secrets under the current key, then follows changes; `stop()` ends that. */
  start(): Promise<void>;
  stop(): void;
  isPaused(inboxId: string): boolean;
  /** True for an inbox added in the web view (editable there); YAML inboxes are read-only. */
  isWebManaged(inboxId: string): boolean;
  /** A string that changes whenever the inbox's stored settings do (pollers restart on it). */
  revision(inboxId: string): string;
  onChange(listener: () => void): () => void;
  /** True for a user of the config file (read-only in the web view, never looked up in Redis). */
  isYamlUser(email: string): boolean;
}
