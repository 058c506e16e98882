import { createHash } from 'node:crypto';
import { SafeError } from '../errors.ts';

/** One AES-256 key and the id written into everything it encrypts. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/**
 * The keys of `TACTFUL_SECRET_KEY`: the first one encrypts, every one decrypts. Rotation is "put the new key
 * first, keep the old one after it, restart, re-encrypt (automatic at start-up), drop the old one".
 */
export interface KeyRing {
  current: SecretKey;
  byId: ReadonlyMap<string, SecretKey>;
}

export const SECRET_KEY_ENV = 'TACTFUL_SECRET_KEY';

/**
 * The id is derived from the key (a hash, never the key itself): nobody has to name keys, the same key always
 * gets the same id on every machine, and a ciphertext names exactly the key that opens it.
 */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('tactful secret key id\0').update(key).digest('hex').slice(0, 12);
}

function decodeKey(text: string, position: number): Buffer {
  const hex = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
  const b64 = /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : null;
  const key = hex ?? b64;
  if (!key || key.length !== 32)
    throw new SafeError(
      'secret_key_invalid',
      `${SECRET_KEY_ENV}: key ${position} is not 32 bytes in base64 (44 characters) or hex (64): make one with \`openssl rand -base64 32\``,
    );
  return key;
}

/** Parses `TACTFUL_SECRET_KEY` ("new,old": comma- or space-separated); null when it is unset or empty. */
export function parseKeyRing(value: string | undefined): KeyRing | null {
  const parts = (value ?? '')
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const keys = parts.map((p, i) => {
    const key = decodeKey(p, i + 1);
    return { id: keyId(key), key };
  });
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}
