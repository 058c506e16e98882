import type { Config } from './config/schema.ts';
import type { AppContext } from './context.ts';
import { systemClock, type Clock } from './clock.ts';
import { createLogger, type Logger } from './log.ts';
import { redisFactory, type RedisFactory } from './queue/connection.ts';
import { redisTarget } from './config/redis-target.ts';
import { createQueues } from './queue/queues.ts';
import { createStores } from './store/stores.ts';
import { createMetrics } from './metrics.ts';
import { createSmtpPool } from './mail/smtp.ts';
import { reminderDraftPolicy } from './reminders/draft-policy.ts';
import { replyDraftPolicies } from './drafts/reply-policies.ts';
import { followUpDraftPolicy } from './commitments/follow-up-policy.ts';
import { commitmentEvents } from './commitments/events.ts';
import { SecretBox } from './secrets/secret-box.ts';
import { parseKeyRing, SECRET_KEY_ENV, type KeyRing } from './secrets/key-ring.ts';
import { resolveProviders } from './oauth/providers.ts';
import { createOAuthRuntime } from './oauth/runtime.ts';
import { alertNeedsSignIn } from './oauth/alert.ts';
import { LiveRegistry } from './inboxes/live-registry.ts';

/** A context that owns its connections: `close()` quits them (after the roles using it have stopped). */
export interface OwnedContext extends AppContext {
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  /** Connections to use instead of new ones to the config's Redis (closed by `close()` all the same). */
  connections?: RedisFactory;
  /** Where TACTFUL_SECRET_KEY and the OAuth client ids are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Keys instead of TACTFUL_SECRET_KEY (null: none). */
  secretKeys?: KeyRing | null;
  /** How often the web-managed inboxes are checked for changes (ms). */
  registryPollMs?: number;
}

/**
 * The composition root: every long-lived part of a process (Redis connections, stores, queue producers,
 * metrics, SMTP pool, draft policies, conversation events) made in one place, for the service, the CLI, the demo and the tests alike.
 */
export function createContext(config: Config, opts: ContextOptions = {}): OwnedContext {
  // One Redis or a Redis Cluster (`redis.cluster`, a redis+cluster:// URL): the stores and queues do not care.
  const connections = opts.connections ?? redisFactory(redisTarget(config.redis));
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger({ level: config.log.level, pretty: config.log.pretty });
  const metrics = createMetrics();
  const redis = connections.client();
  const queues = createQueues(connections.client(), config.redis.prefix);
  const smtp = createSmtpPool();
  const stores = createStores(redis, config.redis.prefix, {
    clock,
    onDraftStatus: (d) => metrics.draftTransitions.inc({ inbox: d.inbox, kind: d.kind, status: d.status }),
  });
  const env = opts.env ?? process.env;
  const secrets = new SecretBox(
    opts.secretKeys !== undefined ? opts.secretKeys : parseKeyRing(env[SECRET_KEY_ENV]),
  );
  // The alert needs the finished context; the token sources are only asked for tokens once it exists.
  let self: OwnedContext | null = null;
  const oauth = createOAuthRuntime({
    tokens: stores.oauthTokens,
    secrets,
    providers: resolveProviders(config.oauth, env),
    clock,
    log,
    onGrantGone: async (inboxId, generation, reason) => {
      if (self) await alertNeedsSignIn(self, inboxId, generation, reason);
    },
  });
  const ctx: OwnedContext = {
    config,
    redis,
    connections,
    stores,
    queues,
    log,
    clock,
    metrics,
    smtp,
    draftPolicies: {
      ...replyDraftPolicies,
      'payment-reminder': reminderDraftPolicy,
      'follow-up': followUpDraftPolicy,
    },
    conversation: commitmentEvents,
    secrets,
    oauth,
    // Replaced below: the registry needs the context it belongs to.
    registry: null as unknown as LiveRegistry,
    async close() {
      ctx.registry.stop();
      smtp.close();
      await queues.close().catch(() => undefined);
      await connections.closeAll();
    },
  };
  ctx.registry = new LiveRegistry(ctx, opts.registryPollMs);
  self = ctx;
  return ctx;
}
