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

/** A context that owns its connections: `close()` quits them (after the roles using it have stopped). */
export interface OwnedContext extends AppContext {
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  log?: Logger;
  /** Connections to use instead of new ones to the config's Redis (closed by `close()` all the same). */
  connections?: RedisFactory;
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
  return {
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
    async close() {
      smtp.close();
      await queues.close().catch(() => undefined);
      await connections.closeAll();
    },
  };
}
