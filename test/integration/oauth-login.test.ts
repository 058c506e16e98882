import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, testContext, uniquePrefix, wipePrefix } from '../harness/context.ts';
import type { OwnedContext } from '../../src/create-context.ts';
import { createContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { testConnection } from '../../src/inboxes/connection-test.ts';
import { runRegistryChecks } from '../../src/doctor/registry-checks.ts';
import { startLocalProvider, type LocalProvider } from './oauth-provider.ts';
import {
  keyRing,
  microsoftAt,
  newKey,
  oauthForm,
  signInInbox,
  startOAuthDovecot,
  startOAuthSmtp,
  type OAuthDovecot,
  type OAuthSmtp,
} from './oauth-support.ts';

/**
 * OAuth2 logins for real: IMAP SASL OAUTHBEARER/XOAUTH2 against a Dovecot whose oauth2 passdb introspects each
 * token at the local provider, SMTP XOAUTH2 against smtp-server checking the token in onAuth, a Microsoft 365
 * shared mailbox opened with the delegate's token, and the doctor's OAuth checks.
 */
const prefix = uniquePrefix('oauth-login');
let provider: LocalProvider;
let dovecot: OAuthDovecot;
let smtp: OAuthSmtp;
let ctx: OwnedContext;

beforeAll(async () => {
  provider = await startLocalProvider();
  dovecot = await startOAuthDovecot(provider);
  smtp = await startOAuthSmtp(provider);
  const config = testConfig({ prefix, inboxes: [], extra: { oauth: microsoftAt(provider) } });
  ctx = createContext(config, {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keyRing(newKey()),
  });
});

afterAll(async () => {
  await ctx?.close();
  await smtp?.close();
  await dovecot?.stop();
  await provider?.close();
  await wipePrefix(prefix);
});

const smtpFields = () => ({
  smtpHost: smtp.host,
  smtpPort: String(smtp.port),
  smtpSecurity: 'starttls' as const,
});

describe('OAuth2 sign-in and logins', () => {
  it('signs a Microsoft 365 inbox in with PKCE and logs in to IMAP and SMTP with the token', async () => {
    const id = await signInInbox(ctx, provider, oauthForm(dovecot, { id: 'team', ...smtpFields() }));
    expect(id).toBe('team');
    expect(provider.counts.code).toBe(1);
    const inbox = ctx.config.inboxes.find((i) => i.id === 'team')!;
    expect(inbox.imap.oauth?.account).toBe('team@agency.test');
    const checks = await testConnection(ctx, 'team');
    expect(checks.map((c) => [c.status, c.detail])).toEqual([
      ['pass', 'logged in'],
      ['pass', 'exists'],
      ['pass', 'exists'],
      ['pass', 'logged in'],
    ]);
    expect(smtp.logins.at(-1)).toEqual({ user: 'team@agency.test', ok: true });
    const info = await ctx.smtp
      .transport(inbox)
      .sendMail({ from: 'team@agency.test', to: 'client@client.test', subject: 'Hi', text: 'Hello' });
    expect(info.accepted).toEqual(['client@client.test']);
    expect(smtp.deliveries).toHaveLength(1);
  });

  it('opens a shared mailbox with the delegate signed in: IMAP user the shared address, token the delegate’s', async () => {
    provider.delegations.set('anna@agency.test', 'support@agency.test');
    await signInInbox(
      ctx,
      provider,
      oauthForm(dovecot, {
        id: 'support',
        address: 'support@agency.test',
        account: 'anna@agency.test',
        ...smtpFields(),
      }),
    );
    const inbox = ctx.config.inboxes.find((i) => i.id === 'support')!;
    expect(inbox.imap.user).toBe('support@agency.test');
    expect(inbox.imap.oauth?.account).toBe('anna@agency.test');
    const checks = await testConnection(ctx, 'support');
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    // SMTP logs in as the delegate (who sends as the shared address).
    expect(smtp.logins.at(-1)).toEqual({ user: 'anna@agency.test', ok: true });
  });

  it('refuses a sign-in that did not grant the IMAP and SMTP scopes, and revokes it', async () => {
    provider.grantOnly = ['offline_access'];
    const revokes = provider.counts.revoke;
    try {
      await expect(signInInbox(ctx, provider, oauthForm(dovecot, { id: 'partial' }))).rejects.toThrow(
        /did not grant https:\/\/outlook\.office\.com\/IMAP\.AccessAsUser\.All, https:\/\/outlook\.office\.com\/SMTP\.Send/,
      );
    } finally {
      provider.grantOnly = null;
    }
    expect(provider.counts.revoke).toBe(revokes + 1);
    expect(ctx.config.inboxes.some((i) => i.id === 'partial')).toBe(false);
  });

  it('the doctor refreshes each OAuth inbox’s token and checks its scopes, and names a revoked one', async () => {
    const refreshes = provider.counts.refresh;
    const ok = await runRegistryChecks(ctx);
    expect(ok.filter((r) => r.what.startsWith('oauth team')).map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(ok.find((r) => r.what.startsWith('oauth team ('))?.detail).toMatch(/^token refreshed/);
    expect(provider.counts.refresh).toBeGreaterThan(refreshes);
    expect(ok.filter((r) => r.status === 'fail')).toEqual([]);

    provider.revokeAccount('anna@agency.test');
    const after = await runRegistryChecks(ctx);
    const support = after.filter((r) => r.what.includes('support'));
    expect(support).toHaveLength(1);
    expect(support[0]).toMatchObject({
      status: 'fail',
      detail: 'refresh token refused: needs sign-in again',
    });
    expect(support[0]!.fix).toMatch(/sign in again/i);
    // Nobody to email (this config has no admin): the alert waits on the admin page instead, once.
    await runRegistryChecks(ctx);
    const notices = await ctx.stores.adminLog.notices();
    expect(notices.map((n) => n.inbox)).toEqual(['support']);
    expect(notices[0]!.text).toMatch(/can no longer read the inbox support@agency\.test/);
  });

  it('a process without the key refuses to load stored sign-ins, with one clear message', async () => {
    const bare = testContext(testConfig({ prefix, inboxes: [], extra: { oauth: microsoftAt(provider) } }));
    try {
      await expect(bare.registry.start()).rejects.toThrow(
        /Redis holds encrypted passwords or tokens of 2 inboxes \(support, team\) but TACTFUL_SECRET_KEY is not set/,
      );
    } finally {
      await bare.close();
    }
  });
});
