import type { Config } from './config/schema.ts';
import type { RedisFactory } from './queue/connection.ts';
import type { RedisClient } from './store/redis-client.ts';
import type { Queues } from './queue/queues.ts';
import type { Stores } from './store/stores.ts';
import type { Logger } from './log.ts';
import type { Clock } from './clock.ts';
import type { Metrics } from './metrics.ts';
import type { SmtpPool } from './mail/smtp.ts';
import type { DraftPolicies } from './drafts/policy.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import type { OAuthRuntime } from './oauth/runtime.ts';
import type { RegistryView } from './model/registry-view.ts';
import type { ConversationEvents } from './model/conversation-events.ts';

/**
 * What the web app, workers and CLI commands share in one process. Built in one place (`createContext`,
 * src/create-context.ts) and passed explicitly, never global.
 */
export interface AppContext {
  config: Config;
  /** For commands that touch no key (PING); records and keys go through `stores`. */
  redis: RedisClient;
  /** Connections for BullMQ workers (blocking) and for a worker's own client; closed with the context. */
  connections: RedisFactory;
  stores: Stores;
  queues: Queues;
  log: Logger;
  clock: Clock;
  metrics: Metrics;
  smtp: SmtpPool;
  /** Rules a draft kind adds (payment reminders); the generic reply rules apply to the others. */
  draftPolicies: DraftPolicies<AppContext>;
  /** Where triage, sending and the Sent-folder scan report conversations (src/commitments), wired like the policies. */
  conversation: ConversationEvents<AppContext>;
  /** Passwords and tokens at rest, sealed with TACTFUL_SECRET_KEY (src/secrets). */
  secrets: SecretBox;
  /** OAuth2 providers and the token sources of OAuth inboxes (src/oauth). */
  oauth: OAuthRuntime;
  /** Inboxes and users added in the web view, merged into `config` (src/inboxes/live-registry.ts). */
  registry: RegistryView;
}
