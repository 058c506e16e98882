import type { RedisClient } from './redis-client.ts';
import type { Keyspace } from './keyspace.ts';

/**
 * The change signal of the web-managed inboxes and users: a counter every change increments in the same
 * transaction as the change, polled by each process (src/inboxes/live-config.ts). A counter survives a missed
 * message, unlike pub/sub, and costs one GET every few seconds.
 *   {registry}:version   integer (the registries' slot: changed in the same MULTI as they are)
 */
export class RegistryVersion {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  get key(): string {
    return this.keys.tagged('registry', 'version');
  }

  async read(): Promise<number> {
    return Number((await this.redis.get(this.key)) ?? 0);
  }
}
