import type { Keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';
import { clientEvent, clientNote, type ClientEvent, type ClientNote } from '../model/commitment-record.ts';
import { LuaScript } from './lua-script.ts';

// KEYS: client-event, client-events, client-domain. ARGV: event id, JSON, time ms, address. One script rather
// than a MULTI: one command on the auto-pipelined ingest client instead of a Pipeline and a socket write.
const ADD_EVENT = new LuaScript(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
return 1`);

/**
 * What Tactful remembers per client of an inbox, for the client record. The only code that knows these keys, in
 * the inbox's hash slot (each write is one script or MULTI over several of them):
 *   {<inbox>}:client-events:<address>   sorted set of event ids by time
 *   {<inbox>}:client-event:<address>    hash event id → JSON ClientEvent (their messages, our replies)
 *   {<inbox>}:client-domain:<domain>    set of the domain's addresses (the record grouped by domain)
 *   {<inbox>}:client-notes:<address>    list of JSON notes by leads, oldest first
 * Event ids are derived from the message (its Message-ID or record id), so recording one twice stores it once.
 */
export class ClientStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keyspace,
  ) {}

  async addEvent(inbox: string, address: string, ev: ClientEvent): Promise<void> {
    const a = address.toLowerCase();
    const domain = a.split('@')[1] ?? '';
    await ADD_EVENT.run(
      this.redis,
      [
        this.keys.inbox(inbox, 'client-event', a),
        this.keys.inbox(inbox, 'client-events', a),
        this.keys.inbox(inbox, 'client-domain', domain),
      ],
      [ev.id, JSON.stringify(clientEvent.parse(ev)), String(Date.parse(ev.at) || 0), a],
    );
  }

  /** A client's messages and our replies, oldest first. */
  async events(inbox: string, address: string): Promise<ClientEvent[]> {
    const a = address.toLowerCase();
    const ids = await this.redis.zrange(this.keys.inbox(inbox, 'client-events', a), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.keys.inbox(inbox, 'client-event', a), ...ids);
    return raws.filter((r): r is string => r !== null).map((r) => clientEvent.parse(JSON.parse(r)));
  }

  async addressesOfDomain(inbox: string, domain: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.inbox(inbox, 'client-domain', domain.toLowerCase()))).sort();
  }

  async addNote(inbox: string, address: string, note: ClientNote): Promise<void> {
    const a = address.toLowerCase();
    const domain = a.split('@')[1] ?? '';
    await this.redis
      .multi()
      .rpush(this.keys.inbox(inbox, 'client-notes', a), JSON.stringify(clientNote.parse(note)))
      .sadd(this.keys.inbox(inbox, 'client-domain', domain), a)
      .exec();
  }

  async notes(inbox: string, address: string): Promise<ClientNote[]> {
    const raws = await this.redis.lrange(
      this.keys.inbox(inbox, 'client-notes', address.toLowerCase()),
      '0',
      '-1',
    );
    return raws.map((r) => clientNote.parse(JSON.parse(r)));
  }
}
