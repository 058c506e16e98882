import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes for `config.users[].passwordHash` and users added in the web view, format `scrypt$N$r$p$salt$hash` (salt and hash base64).
 * scrypt from node:crypto, so no native add-on; N=2^15, r=8, p=1 is OWASP's minimum for scrypt and takes
 * ~50–100 ms and 32 MiB per check — cheap for a login, expensive for an offline guesser.
 */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const SALT_LEN = 16;
/** Refuse parameters that would let a crafted config eat the machine's memory or CPU. */
const MAX_N = 2 ** 20;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** node's default maxmem (32 MiB) is exactly 128·N·r for N=2^15, r=8 and then fails; give it headroom. */
const maxmem = (N: number, r: number) => 128 * N * r * 2 + 1024 * 1024;

export async function hashPassword(password: string, params = SCRYPT_DEFAULTS): Promise<string> {
  const { N, r, p } = params;
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LEN, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d+$/.test(x!) ? Number(x) : NaN)) as [
    number,
    number,
    number,
  ];
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  if (salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

/** Constant-time check of a password against a stored hash; false for malformed hashes, never throws. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const key = await scrypt(password.normalize('NFC'), h.salt, h.hash.length, {
    N: h.N,
    r: h.r,
    p: h.p,
    maxmem: maxmem(h.N, h.r),
  });
  return timingSafeEqual(key, h.hash);
}

/**
 * A hash of a random password, checked when the email is unknown so that "no such user" takes as long as
 * "wrong password" (no user enumeration by timing).
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
