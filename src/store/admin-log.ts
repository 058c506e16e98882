import type { RedisClient } from './redis-client.ts';
import {
  adminAuditEntry,
  adminNotice,
  type AdminAuditEntry,
  type AdminNotice,
} from '../model/registry-records.ts';
import type { Keyspace } from './keyspace.ts';

const KEEP = 1000;

/**
 * The audit trail of admin changes (inboxes, users, sign-ins) and the notices admins see in the web view when
 * an alert could not be emailed. Capped lists, newest first.
 *   admin:audit     list of JSON AdminAuditEntry
 *   admin:notices   list of JSON AdminNotice
 */
export class AdminLogStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  async audit(entry: AdminAuditEntry): Promise<void> {
    const key = this.keys('admin', 'audit');
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(entry))
      .ltrim(key, 0, KEEP - 1)
      .exec();
  }

  async recentAudit(limit = 100): Promise<AdminAuditEntry[]> {
    return (await this.redis.lrange(this.keys('admin', 'audit'), 0, limit - 1))
      .map((raw) => adminAuditEntry.safeParse(JSON.parse(raw)))
      .flatMap((p) => (p.success ? [p.data] : []));
  }

  async notice(n: AdminNotice): Promise<void> {
    const key = this.keys('admin', 'notices');
    await this.redis.multi().lpush(key, JSON.stringify(n)).ltrim(key, 0, 199).exec();
  }

  async notices(limit = 20): Promise<AdminNotice[]> {
    return (await this.redis.lrange(this.keys('admin', 'notices'), 0, limit - 1))
      .map((raw) => adminNotice.safeParse(JSON.parse(raw)))
      .flatMap((p) => (p.success ? [p.data] : []));
  }
}
