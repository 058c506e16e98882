import type { Redis } from 'ioredis';
import type { Config } from './config/schema.ts';
import type { Keyspace } from './queue/connection.ts';
import type { Queues } from './queue/queues.ts';
import type { Logger } from './log.ts';
import type { Clock } from './clock.ts';

/**
 * What the web app, workers and CLI commands share in one process. Passed explicitly, never global.
 * `redis` is for ordinary commands; BullMQ workers get their own blocking connections.
 */
export interface AppContext {
  config: Config;
  redis: Redis;
  keys: Keyspace;
  queues: Queues;
  log: Logger;
  clock: Clock;
}
