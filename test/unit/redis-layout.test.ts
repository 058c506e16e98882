import { describe, expect, it } from 'vitest';
import { bullPrefix, keyspace } from '../../src/store/keyspace.ts';
import { slotTag } from '../../src/store/redis-client.ts';
import { planKey } from '../../src/store/key-layout-migration.ts';
import { redisTarget } from '../../src/config/redis-target.ts';
import { parseClusterNodes } from '../../src/doctor/redis-cluster-nodes.ts';
import { parseConfig } from '../../src/config/load.ts';

describe('key layout (Redis Cluster hash tags)', () => {
  const keys = keyspace('tactful');
  it("puts an inbox's keys in one slot and keeps single keys untagged, all under the prefix", () => {
    expect(keys.inbox('studio', 'draft', 'm_1')).toBe('tactful:{studio}:draft:m_1');
    expect(keys.inbox('studio', 'drafts', 'pending')).toBe('tactful:{studio}:drafts:pending');
    expect(slotTag(keys.inbox('studio', 'draft', 'm_1'))).toBe(slotTag(keys.inbox('studio', 'msgs')));
    expect(keys('ack', 'studio', 'a@b')).toBe('tactful:ack:studio:a@b');
    expect(slotTag(keys('ack', 'studio', 'a@b'))).toBe('tactful:ack:studio:a@b');
  });
  it('gives each BullMQ queue its own tag, so queues spread and each queue stays in one slot', () => {
    expect(bullPrefix('tactful', 'ingest')).toBe('tactful:{bull:ingest}');
    expect(slotTag(`${bullPrefix('tactful', 'ingest')}:ingest:wait`)).toBe('bull:ingest');
    expect(slotTag(`${bullPrefix('tactful', 'send')}:send:wait`)).toBe('bull:send');
  });
  it('refuses a tag that would break the grouping', () => {
    expect(() => keys.inbox('a}b', 'x')).toThrow(/hash tag/);
    expect(() => keys.inbox('', 'x')).toThrow(/hash tag/);
  });
});

describe('moving from the first layout (tactful migrate-keys)', () => {
  it.each([
    ['msgs:studio', { op: 'rename', to: '{studio}:msgs' }],
    ['drafts:studio:pending', { op: 'rename', to: '{studio}:drafts:pending' }],
    ['inv-client:studio:ada@client.test', { op: 'rename', to: '{studio}:inv-client:ada@client.test' }],
    ['cursor:studio:sent', { op: 'rename', to: '{studio}:cursor:sent' }],
    ['lease:poller:studio', { op: 'rename', to: '{studio}:lease:poller' }],
    ['bull:send:123', { op: 'rename', to: '{bull:send}:send:123' }],
    ['bull:send:123:logs', { op: 'rename', to: '{bull:send}:send:123:logs' }],
    ['registry:version', { op: 'rename', to: '{registry}:version' }],
    ['msg:abc', { op: 'record', kind: 'msg', id: 'abc' }],
    ['draft:m_abc', { op: 'record', kind: 'draft', id: 'm_abc' }],
    ['msg-triage:abc', { op: 'triage', id: 'abc' }],
    ['ack:studio:a@b', { op: 'keep' }],
    ['drafts-latest:studio:a@b', { op: 'keep' }],
    ['draft-inboxes', { op: 'keep' }],
    ['reminder-claim:inv1:2', { op: 'keep' }],
    ['{studio}:msgs', { op: 'keep' }],
    ['inbox-of:msg:abc', { op: 'keep' }],
  ])('%s', (rest, plan) => expect(planKey(rest)).toEqual(plan));
});

describe('where Redis is (redis.url, redis.cluster)', () => {
  it('reads one server, a redis+cluster:// URL with credentials, and a list of node URLs', () => {
    expect(redisTarget({ url: 'redis://h:6379' })).toEqual({ kind: 'single', url: 'redis://h:6379' });
    expect(redisTarget({ url: 'redis+cluster://u:p%40ss@10.0.0.1:7000,10.0.0.2:7001,node3' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'node3', port: 6379 },
      ],
      username: 'u',
      password: 'p@ss',
      tls: false,
    });
    expect(redisTarget({ url: 'ignored', cluster: ['rediss://:pw@a:7000', 'rediss://b:7001'] })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
      password: 'pw',
      tls: true,
    });
  });
  it('names the key and the bad node in a config error', () => {
    const base = {
      agency: { name: 'A' },
      inboxes: [{ id: 'x', address: 'a@b.test', imap: { host: 'h', user: 'u', pass: 'p' } }],
    };
    expect(() => parseConfig({ ...base, redis: { cluster: ['redis://a:7000', 'http://b'] } }, {})).toThrow(
      /redis\.cluster: "http:\/\/b" is not a redis:\/\/host:port URL/,
    );
    expect(() => parseConfig({ ...base, redis: { url: 'redis+cluster://a:7000,b:x' } }, {})).toThrow(
      /redis\.url: "b:x" is not host:port/,
    );
  });
  it('REDIS_URL replaces url and cluster alike', () => {
    const base = {
      agency: { name: 'A' },
      inboxes: [{ id: 'x', address: 'a@b.test', imap: { host: 'h', user: 'u', pass: 'p' } }],
    };
    const c = parseConfig(
      { ...base, redis: { cluster: ['redis://a:7000'] } },
      { REDIS_URL: 'redis://local:6379' },
    );
    expect(redisTarget(c.redis)).toEqual({ kind: 'single', url: 'redis://local:6379' });
  });
});

describe('CLUSTER NODES (tactful doctor)', () => {
  it('lists masters first with their slots, replicas after, and flags failed nodes', () => {
    const text = [
      'e7d1 127.0.0.1:30004@40004 slave 67ed 0 1426238317239 4 connected',
      '67ed 127.0.0.1:30002@40002 master - 0 1426238316232 2 connected 5461-10922',
      '292f 127.0.0.1:30003@40003,node3 master - 0 1426238318243 3 connected 10923-16383',
      '824f 127.0.0.1:30001@40001 myself,master,fail? - 0 0 1 connected 0-5460 [1-<-abc]',
    ].join('\n');
    expect(parseClusterNodes(text)).toEqual([
      { id: '824f', host: '127.0.0.1', port: 30001, role: 'master', failing: true, slots: ['0-5460'] },
      { id: '67ed', host: '127.0.0.1', port: 30002, role: 'master', failing: false, slots: ['5461-10922'] },
      { id: '292f', host: '127.0.0.1', port: 30003, role: 'master', failing: false, slots: ['10923-16383'] },
      { id: 'e7d1', host: '127.0.0.1', port: 30004, role: 'replica', failing: false, slots: [] },
    ]);
  });
});
