import { Queue } from 'bullmq';
import { bullPrefix } from '../store/keyspace.ts';
import type { RedisClient } from '../store/redis-client.ts';
import { QUEUE_DEFINITIONS, type PayloadOf, type QueueDefinition, type QueueKey } from './definitions.ts';

/**
 * A BullMQ queue with its definition: `enqueue` checks the payload and derives the job id, so producers
 * cannot add an unchecked payload or an ad-hoc id. The plain Queue methods (getJob, counts…) stay available
 * for inspection and the admin dashboard.
 */
export class DefinedQueue<T> extends Queue<T> {
  constructor(
    readonly definition: QueueDefinition<T>,
    connection: RedisClient,
    prefix: string,
  ) {
    super(definition.name, {
      connection,
      prefix: bullPrefix(prefix, definition.name),
      defaultJobOptions: definition.options,
    });
  }

  /** Adds one job (a no-op while a job with the same deterministic id is known). */
  async enqueue(data: T, opts: { delay?: number } = {}): Promise<void> {
    const checked = this.definition.payload.parse(data);
    await this.add(this.definition.name as never, checked as never, {
      jobId: this.definition.jobId(checked),
      ...(opts.delay ? { delay: Math.max(0, opts.delay) } : {}),
    });
  }

  /** Adds many jobs in one round trip (a MULTI), same rules as `enqueue`. */
  async enqueueBulk(items: T[]): Promise<void> {
    if (items.length === 0) return;
    await this.addBulk(
      items.map((data) => {
        const checked = this.definition.payload.parse(data);
        return {
          name: this.definition.name as never,
          data: checked as never,
          opts: { jobId: this.definition.jobId(checked) },
        };
      }),
    );
  }
}

/** Producer handles for every queue, sharing one Redis connection. Close them before quitting the client. */
export type Queues = { [K in QueueKey]: DefinedQueue<PayloadOf<K>> } & { close(): Promise<void> };

export function createQueues(connection: RedisClient, prefix: string): Queues {
  const keys = Object.keys(QUEUE_DEFINITIONS) as QueueKey[];
  const made = Object.fromEntries(
    keys.map((k) => [
      k,
      new DefinedQueue(QUEUE_DEFINITIONS[k] as QueueDefinition<unknown>, connection, prefix),
    ]),
  ) as { [K in QueueKey]: DefinedQueue<PayloadOf<K>> };
  return Object.assign(made, {
    async close() {
      await Promise.all(keys.map((k) => made[k].close()));
    },
  });
}
