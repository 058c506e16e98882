import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMailUser, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig, testInbox } from '../harness/config.ts';
import { waitFor, waitUntil } from '../harness/wait.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { startRoles, type Service } from '../../src/workers/run.ts';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { inboxReadiness } from '../../src/ingest/readiness.ts';
import { beginSignInAgain, completeOAuth } from '../../src/inboxes/inbox-service.ts';
import { listInboxes } from '../../src/inboxes/inbox-list.ts';
import { startLocalProvider, type LocalProvider } from './oauth-provider.ts';
import {
  appendAs,
  keyRing,
  message,
  microsoftAt,
  newKey,
  oauthForm,
  signInInbox,
  startOAuthDovecot,
  type OAuthDovecot,
} from './oauth-support.ts';

/**
 * Tokens over time, on the real pipeline (poller + ingest worker, Redis, Dovecot's oauth2 passdb): access tokens
 * that live 3 s are renewed while the poller sits in IDLE, each time with a new login, and no message is lost or
 * stored twice; a revoked grant turns the inbox to "needs sign-in again", alerts the admins once through the
 * other inbox's SMTP, and the poller stops asking the provider and Dovecot (counted) until an admin signs in.
 */
const prefix = uniquePrefix('oauth-idle');
const MAILBOX = 'team@agency.test';
let provider: LocalProvider;
let dovecot: OAuthDovecot;
let sink: SmtpSink;
let ctx: OwnedContext;
let service: Service;

beforeAll(async () => {
  provider = await startLocalProvider({ accessTtl: 3 });
  dovecot = await startOAuthDovecot(provider);
  sink = await startSmtpSink();
  const healthy = testInbox(newMailUser('oauth-idle'), {
    id: 'studio',
    smtp: { host: sink.host, port: sink.port, secure: false },
  });
  const config = testConfig({
    prefix,
    inboxes: [healthy],
    extra: {
      oauth: microsoftAt(provider),
      ingest: { pollSeconds: 1, leaseSeconds: 3 },
      users: [{ email: 'ada@agency.test', name: 'Ada', role: 'admin', passwordHash: 'scrypt$unused' }],
    },
  });
  ctx = createContext(config, {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keyRing(newKey()),
    registryPollMs: 200,
  });
  service = await startRoles(ctx, ['poller', 'worker'], ['ingest']);
});

afterAll(async () => {
  await service?.close();
  await ctx?.close();
  await sink?.close();
  await dovecot?.stop();
  await provider?.close();
  await wipePrefix(prefix);
});

let sent = 0;
async function deliver(): Promise<void> {
  sent++;
  await appendAs(dovecot, provider, MAILBOX, message(sent));
  await waitUntil(
    () => ctx.stores.messages.count('m365'),
    (n) => n === sent,
    15_000,
  );
}

describe('OAuth tokens while the poller runs', () => {
  it('renews tokens during IDLE with a new login each time, losing and doubling no message', async () => {
    await signInInbox(ctx, provider, oauthForm(dovecot, { id: 'm365', address: MAILBOX }));
    await deliver();
    const logins = provider.counts.introspect;
    const refreshes = provider.counts.refresh;
    // Mail keeps arriving while three tokens expire under the poller.
    while (provider.counts.refresh < refreshes + 3) await deliver();
    await deliver();
    expect(await ctx.stores.messages.count('m365')).toBe(sent);
    const subjects = (await ctx.stores.messages.list('m365', 100)).map((m) => m.subject).sort();
    expect(new Set(subjects).size).toBe(sent);
    // Every renewal was a logout and a login with the new token (appends log in too: at least as many).
    expect(provider.counts.introspect - logins).toBeGreaterThanOrEqual(3 + (sent - 1));
    const status = (await ctx.stores.inboxStatus.read(['m365'])).m365;
    expect(status?.connected).toBe(true);
  });

  it('a revoked grant: "needs sign-in again", one alert, and no more attempts', async () => {
    provider.revokeAccount(MAILBOX);
    const grant = await waitFor(async () => {
      const g = await ctx.stores.oauthTokens.get('m365');
      return g?.state === 'needs-sign-in' ? g : null;
    }, 'the grant marked needs-sign-in');
    expect(grant.reason).toMatch(/refused the grant/);
    await sink.waitForDeliveries(1);
    const before = { ...provider.counts };
    // A window measured in the healthy inbox's sync cycles (pollSeconds 1): five of them, no fixed sleep.
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const at = (await ctx.stores.inboxStatus.read(['studio'])).studio?.lastSyncAt;
        if (at) seen.add(at);
        return seen.size >= 6;
      },
      'five sync cycles of the healthy inbox',
      30_000,
    );
    expect(provider.counts.refresh).toBe(before.refresh);
    expect(provider.counts.introspect).toBe(before.introspect);
    expect(sink.deliveries).toHaveLength(1);
    const alert = sink.deliveries[0]!;
    expect(alert.to).toEqual(['ada@agency.test']);
    expect(alert.raw.toString()).toMatch(/Subject: Inbox team@agency\.test needs sign-in again/);
    const ready = await inboxReadiness(ctx.stores.inboxStatus, ctx.config, {
      grants: ctx.stores.oauthTokens,
      isPaused: (id) => ctx.registry.isPaused(id),
    })();
    expect(ready.ok).toBe(false);
    expect((ready.body.inboxes as Record<string, unknown>).m365).toMatchObject({
      connected: false,
      state: 'needs-sign-in',
    });
    const audit = await ctx.stores.adminLog.recentAudit();
    expect(audit.filter((e) => e.action === 'inbox.needs-sign-in')).toHaveLength(1);
    // What the admin pages and GET /api/inboxes show.
    expect((await listInboxes(ctx)).find((i) => i.id === 'm365')).toMatchObject({
      state: 'needs sign-in again',
      signInAgain: true,
    });
  });

  it('signing in again brings the inbox back without a restart', async () => {
    const url = await beginSignInAgain(ctx, 'ada@agency.test', 'm365', 'http://127.0.0.1:9/oauth/callback');
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    await completeOAuth(ctx, 'ada@agency.test', back.searchParams);
    expect((await ctx.stores.oauthTokens.get('m365'))?.state).toBe('ok');
    await deliver();
    expect(sink.deliveries).toHaveLength(1);
  });
});
