import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hashPassword, parseHash, verifyPassword } from '../../src/web/passwords.ts';

function hashViaCli(stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tactful.js', 'hash-password'], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe('password hashes (scrypt$N$r$p$salt$hash)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', h)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', h)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats malformed or abusive parameters as "no match" instead of throwing', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$3$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==',
      'scrypt$1073741824$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==',
    ]) {
      expect(parseHash(bad)).toBeNull();
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('`tactful hash-password` reads the password from stdin and prints a verifiable hash', async () => {
    const r = await hashViaCli('s3cret-pass-phrase\n');
    expect(r.code).toBe(0);
    const hash = r.out.trim();
    expect(await verifyPassword('s3cret-pass-phrase', hash)).toBe(true);
    expect(r.out).not.toContain('s3cret');
  });

  it('refuses a too-short password with a clear message', async () => {
    const r = await hashViaCli('short');
    expect(r.code).toBe(1);
    expect(r.err).toContain('at least 8 characters');
  });
});
