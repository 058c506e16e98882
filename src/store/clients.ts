import type { Redis } from 'ioredis';
import type { Keyspace } from './keyspace.ts';
import { clientEvent, clientNote, type ClientEvent, type ClientNote } from '../model/commitment-record.ts';

/**
 * What Tactful remembers per client of an inbox, for the client record. The only code that knows these keys:
 *   client-events:<inbox>:<address>   sorted set of event ids by time
 *   client-event:<inbox>:<address>    hash event id → JSON ClientEvent (their messages, our replies)
 *   client-domain:<inbox>:<domain>    set of the domain's addresses (the record grouped by domain)
 *   client-notes:<inbox>:<address>    list of JSON notes by leads, oldest first
 * Event ids are derived from the message (its Message-ID or record id), so recording one twice stores it once.
 */
export class ClientStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keyspace,
  ) {}

  async addEvent(inbox: string, address: string, ev: ClientEvent): Promise<void> {
    const a = address.toLowerCase();
    const domain = a.split('@')[1] ?? '';
    await this.redis
      .multi()
      .hset(this.keys('client-event', inbox, a), ev.id, JSON.stringify(clientEvent.parse(ev)))
      .zadd(this.keys('client-events', inbox, a), String(Date.parse(ev.at) || 0), ev.id)
      .sadd(this.keys('client-domain', inbox, domain), a)
      .exec();
  }

  /** A client's messages and our replies, oldest first. */
  async events(inbox: string, address: string): Promise<ClientEvent[]> {
    const a = address.toLowerCase();
    const ids = await this.redis.zrange(this.keys('client-events', inbox, a), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.keys('client-event', inbox, a), ...ids);
    return raws.filter((r): r is string => r !== null).map((r) => clientEvent.parse(JSON.parse(r)));
  }

  async addressesOfDomain(inbox: string, domain: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys('client-domain', inbox, domain.toLowerCase()))).sort();
  }

  async addNote(inbox: string, address: string, note: ClientNote): Promise<void> {
    const a = address.toLowerCase();
    const domain = a.split('@')[1] ?? '';
    await this.redis
      .multi()
      .rpush(this.keys('client-notes', inbox, a), JSON.stringify(clientNote.parse(note)))
      .sadd(this.keys('client-domain', inbox, domain), a)
      .exec();
  }

  async notes(inbox: string, address: string): Promise<ClientNote[]> {
    const raws = await this.redis.lrange(this.keys('client-notes', inbox, address.toLowerCase()), '0', '-1');
    return raws.map((r) => clientNote.parse(JSON.parse(r)));
  }
}
