import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SafeError } from '../errors.ts';
import { SECRET_KEY_ENV, type KeyRing } from './key-ring.ts';

/**
 * Passwords and tokens at rest: AES-256-GCM, a fresh 96-bit IV per value (NIST SP 800-38D §8.2.2), and the
 * purpose of the value as additional authenticated data, so a sealed value copied into another record (one
 * inbox's password into another's, a token into a password field) fails to open instead of being used.
 *
 *   tss1.<key id>.<iv>.<ciphertext>.<tag>     (base64url parts)
 *
 * The key id says which key of the ring opens it, so old values stay readable while a new key is rolled out.
 */
const VERSION = 'tss1';
const IV_BYTES = 12;

export interface Sealed {
  keyId: string;
}

const aad = (keyId: string, purpose: string) => Buffer.from(`${VERSION}\0${keyId}\0${purpose}`);

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split('.').length === 5;
}

/** The id of the key a sealed value was made with. */
export function sealedKeyId(value: string): string {
  if (!isSealed(value))
    throw new SafeError('secret_corrupt', 'a stored secret is not in the expected format');
  return value.split('.')[1]!;
}

export class SecretBox {
  constructor(private readonly ring: KeyRing | null) {}

  /** Whether secrets can be stored at all (a key is configured). */
  get available(): boolean {
    return this.ring !== null;
  }

  get currentKeyId(): string | null {
    return this.ring?.current.id ?? null;
  }

  private requireRing(): KeyRing {
    if (!this.ring)
      throw new SafeError(
        'secret_key_missing',
        `${SECRET_KEY_ENV} is not set: passwords and tokens cannot be stored or read. Set it to a key made with \`openssl rand -base64 32\` (README "Secrets at rest").`,
      );
    return this.ring;
  }

  seal(plaintext: string, purpose: string): string {
    const { current } = this.requireRing();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    cipher.setAAD(aad(current.id, purpose));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, current.id, iv, ct, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, purpose: string): string {
    const ring = this.requireRing();
    const id = sealedKeyId(sealed);
    const key = ring.byId.get(id);
    if (!key)
      throw new SafeError(
        'secret_key_unknown',
        `a stored secret was encrypted with key ${id}, which ${SECRET_KEY_ENV} does not hold: add that key after the current one (README "Secrets at rest")`,
      );
    const [, , iv, ct, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url')) as Buffer[];
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv!);
      decipher.setAAD(aad(id, purpose));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(ct!), decipher.final()]).toString('utf8');
    } catch {
      throw new SafeError('secret_corrupt', `a stored secret (${purpose.split(':')[0]}) does not decrypt`);
    }
  }

  /** True when the value was sealed with a key other than the current one (re-encrypt it). */
  isStale(sealed: string): boolean {
    return this.ring !== null && sealedKeyId(sealed) !== this.ring.current.id;
  }
}
