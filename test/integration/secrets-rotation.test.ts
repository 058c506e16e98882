import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { SecretBox } from '../../src/secrets/secret-box.ts';
import { keyId, parseKeyRing, type KeyRing } from '../../src/secrets/key-ring.ts';
import { addPasswordInbox } from '../../src/inboxes/inbox-service.ts';
import { startLocalProvider, type LocalProvider } from './oauth-provider.ts';
import { keyRing, microsoftAt, newKey, oauthForm, signInInbox } from './oauth-support.ts';

/**
 * Secrets at rest: AES-256-GCM bound to the value's purpose; key rotation with an old and a new key (new first,
 * old after it: everything still opens, start-up re-encrypts under the new key, then the old key can go); a
 * process without the key, or without the key a secret was made with, refuses with one clear message.
 */
const prefix = uniquePrefix('secrets-rotation');
const OLD = newKey();
const NEW = newKey();
let provider: LocalProvider;
const contexts: OwnedContext[] = [];

function context(keys: KeyRing | null): OwnedContext {
  const config = testConfig({ prefix, inboxes: [], extra: { oauth: microsoftAt(provider) } });
  const ctx = createContext(config, {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keys,
  });
  contexts.push(ctx);
  return ctx;
}

beforeAll(async () => {
  provider = await startLocalProvider();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await provider?.close();
  await wipePrefix(prefix);
});

const PASSWORD = 'imap password 7f3a "quoted" ünïcode';

describe('the secret box', () => {
  const box = new SecretBox(keyRing(NEW));

  it('opens what it sealed, only for the same purpose, and never holds the plaintext', () => {
    const sealed = box.seal(PASSWORD, 'inbox:a:imap-pass');
    expect(sealed).toMatch(new RegExp(`^tss1\\.${keyId(Buffer.from(NEW, 'base64'))}\\.`));
    expect(sealed).not.toContain('7f3a');
    expect(box.open(sealed, 'inbox:a:imap-pass')).toBe(PASSWORD);
    expect(() => box.open(sealed, 'inbox:b:imap-pass')).toThrow(/does not decrypt/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3]!, 'base64url').toString('latin1'), 'latin1').toString(
      'base64url',
    );
    expect(() => box.open(parts.join('.'), 'inbox:a:imap-pass')).toThrow(/does not decrypt/);
    expect(box.seal(PASSWORD, 'p')).not.toBe(box.seal(PASSWORD, 'p'));
  });

  it('names a malformed key, and a missing one', () => {
    expect(() => parseKeyRing('too-short')).toThrow(/TACTFUL_SECRET_KEY: key 1 is not 32 bytes/);
    expect(parseKeyRing('  ')).toBeNull();
    expect(() => new SecretBox(null).seal('x', 'p')).toThrow(/TACTFUL_SECRET_KEY is not set/);
  });
});

describe('key rotation on stored inboxes', () => {
  it('re-encrypts passwords and refresh tokens under the new key at start-up; the old key can then go', async () => {
    const before = context(keyRing(OLD));
    await addPasswordInbox(before, 'ada@agency.test', {
      ...oauthForm(
        { host: '127.0.0.1', port: 143 },
        {
          kind: 'password',
          id: 'pw',
          address: 'pw@agency.test',
        },
      ),
      imapPass: PASSWORD,
    });
    await signInInbox(before, provider, oauthForm({ host: '127.0.0.1', port: 143 }, { id: 'oa' }));
    const oldId = keyId(Buffer.from(OLD, 'base64'));
    const newId = keyId(Buffer.from(NEW, 'base64'));
    expect((await before.stores.inboxRegistry.get('pw'))!.secrets.imap).toContain(`.${oldId}.`);

    // Only the new key: the old values cannot be opened, and start-up says which key is missing.
    await expect(context(keyRing(NEW)).registry.start()).rejects.toThrow(
      new RegExp(`encrypted with key ${oldId}, which TACTFUL_SECRET_KEY does not hold`),
    );

    // New first, old after it: everything opens, and start-up re-encrypts.
    const both = context(keyRing(NEW, OLD));
    await both.registry.start();
    expect(both.config.inboxes.find((i) => i.id === 'pw')!.imap.pass).toBe(PASSWORD);
    expect((await both.stores.inboxRegistry.get('pw'))!.secrets.imap).toContain(`.${newId}.`);
    const grant = (await both.stores.oauthTokens.get('oa'))!;
    expect(grant.refreshToken).toContain(`.${newId}.`);
    expect(grant.accessToken).toContain(`.${newId}.`);

    // The old key dropped: still works, the token source opens the re-encrypted token.
    const after = context(keyRing(NEW));
    await after.registry.start();
    expect(after.config.inboxes.find((i) => i.id === 'pw')!.imap.pass).toBe(PASSWORD);
    const token = await after.config.inboxes.find((i) => i.id === 'oa')!.imap.oauth!.get();
    expect(provider.check(token.accessToken)).toBe('team@agency.test');
  });

  it('refuses to start without any key while secrets are stored, with one clear message', async () => {
    await expect(context(null).registry.start()).rejects.toThrow(
      /^Redis holds encrypted passwords or tokens of 2 inboxes \(oa, pw\) but TACTFUL_SECRET_KEY is not set: start with the key they were stored with \(README "Secrets at rest"\)\.$/,
    );
  });
});
