import { describe, expect, it } from 'vitest';
import { exitCode, formatResult } from '../../src/doctor/check.ts';
import { networkFix } from '../../src/doctor/network-fix.ts';
import { durabilityVerdict, evictionVerdict, parseInfo } from '../../src/doctor/redis-durability.ts';
import { safeRedisUrl } from '../../src/doctor/redis-check.ts';

describe('doctor: Redis durability', () => {
  it('passes with AOF on', () => {
    expect(durabilityVerdict({ appendonly: true, save: '' }).status).toBe('pass');
  });

  it('warns with neither AOF nor RDB and says how to turn AOF on, now and in redis.conf', () => {
    const r = durabilityVerdict({ appendonly: false, save: '' });
    expect(r.status).toBe('warn');
    expect(r.detail).toMatch(/neither AOF nor RDB/);
    expect(r.fix).toContain('redis-cli CONFIG SET appendonly yes');
    expect(r.fix).toContain('redis.conf');
  });

  it('warns that RDB snapshots alone lose recent changes', () => {
    const r = durabilityVerdict({ appendonly: false, save: '3600 1 300 100' });
    expect(r.status).toBe('warn');
    expect(r.detail).toMatch(/RDB snapshots only/);
  });

  it('warns, without guessing, when the server hides its settings (CONFIG disabled)', () => {
    expect(durabilityVerdict({}).detail).toMatch(/does not say/);
  });

  it('flags any eviction policy but noeviction, since BullMQ jobs are plain keys', () => {
    expect(evictionVerdict('noeviction')).toBeUndefined();
    expect(evictionVerdict(undefined)).toBeUndefined();
    expect(evictionVerdict('allkeys-lru')?.fix).toContain('maxmemory-policy noeviction');
  });

  it('reads INFO sections into key/value pairs', () => {
    const info = parseInfo('# Server\r\nredis_version:7.2.4\r\n# Persistence\r\naof_enabled:1\r\n');
    expect(info.get('redis_version')).toBe('7.2.4');
    expect(info.get('aof_enabled')).toBe('1');
  });

  it('never shows the Redis password', () => {
    expect(safeRedisUrl('redis://:s3cret@redis.example:6379/0')).toBe('redis://:***@redis.example:6379/0');
  });
});

describe('doctor: output and exit code', () => {
  it('prints one line per check, with a fix line only for problems', () => {
    expect(formatResult({ status: 'pass', what: 'redis', detail: 'PONG', fix: 'never shown' })).toBe(
      '✓ redis: PONG',
    );
    expect(
      formatResult({ status: 'fail', what: 'imap a', detail: 'login refused', fix: 'check the password' }),
    ).toBe('✗ imap a: login refused\n    fix: check the password');
    expect(formatResult({ status: 'warn', what: 'smtp a' })).toBe('! smtp a');
  });

  it('exits 0 with warnings, 1 with a failure, and 1 with warnings under --strict', () => {
    const warn = [
      { status: 'pass' as const, what: 'a' },
      { status: 'warn' as const, what: 'b' },
    ];
    expect(exitCode(warn)).toBe(0);
    expect(exitCode(warn, true)).toBe(1);
    expect(exitCode([...warn, { status: 'fail', what: 'c' }])).toBe(1);
  });

  it('turns connection error codes into fixes that name the config key', () => {
    expect(networkFix('ECONNREFUSED', 'h', 993, 'inboxes[0].imap')).toMatch(
      /nothing listens on h:993.*inboxes\[0\]\.imap\.host/,
    );
    expect(networkFix('ENOTFOUND', 'h', 993, 'k')).toMatch(/does not resolve/);
    expect(networkFix('DEPTH_ZERO_SELF_SIGNED_CERT', 'h', 993, 'k')).toMatch(/allowInsecureTls/);
    expect(networkFix('EWHATEVER', 'h', 1, 'k')).toBeUndefined();
  });
});
