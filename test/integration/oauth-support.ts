import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort, waitForPort } from '../../src/sandbox/ports.ts';
import { requireBinary } from '../../src/sandbox/system-parts.ts';
import { createImapClient } from '../../src/mail/imap-client.ts';
import type { AppContext } from '../../src/context.ts';
import { beginOAuthInbox, completeOAuth } from '../../src/inboxes/inbox-service.ts';
import type { AddInboxForm } from '../../src/inboxes/inbox-form.ts';
import { parseKeyRing, type KeyRing } from '../../src/secrets/key-ring.ts';
import type { LocalProvider } from './oauth-provider.ts';

/** A fresh random key ring (what TACTFUL_SECRET_KEY would hold). */
export const newKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
export const keyRing = (...keys: string[]): KeyRing => parseKeyRing(keys.join(','))!;

/**
 * A private Dovecot 2.3 whose logins are OAuth2 only: `auth_mechanisms = plain xoauth2 oauthbearer` with the
 * oauth2 passdb, which introspects every token at the local provider (RFC 7662, POST). The shared test Dovecot
 * (password logins) is left alone. Login attempts are counted by the provider's introspection counter.
 */
export interface OAuthDovecot {
  host: string;
  port: number;
  stop(): Promise<void>;
  log(): string;
}

export async function startOAuthDovecot(provider: LocalProvider): Promise<OAuthDovecot> {
  const bin = requireBinary('dovecot', { candidates: ['/usr/sbin/dovecot'] });
  const dir = mkdtempSync(join(tmpdir(), 'tactful-oauth-dovecot-'));
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub), { mode: 0o755 });
  chmodSync(join(dir, 'mail'), 0o777);
  const port = await freePort();
  writeFileSync(
    join(dir, 'oauth2.conf.ext'),
    `introspection_mode = post
introspection_url = ${provider.url}/introspect
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
`,
  );
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
instance_name = tactful-oauth-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain xoauth2 oauthbearer
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1000
first_valid_gid = 1000
mail_location = maildir:${dir}/mail/%u/Maildir
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/oauth2.conf.ext
}
userdb {
  driver = static
  args = uid=1001 gid=1001 home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
`,
  );
  const child: ChildProcess = spawn(bin, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, 15_000);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    host: '127.0.0.1',
    port,
    log: () => readFileSync(join(dir, 'dovecot.log'), 'utf8'),
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** APPENDs a message to a mailbox of the OAuth Dovecot, logging in with a token minted for it. */
export async function appendAs(d: OAuthDovecot, provider: LocalProvider, mailbox: string, raw: string) {
  const token = provider.mint(mailbox);
  const c = createImapClient(
    {
      host: d.host,
      port: d.port,
      secure: false,
      user: mailbox,
      pass: '',
      oauth: {
        account: mailbox,
        get: async () => ({
          accessToken: token,
          expiresAt: Date.now() + 60_000,
          refreshAt: Date.now() + 60_000,
        }),
      },
    },
    null,
    { disableAutoIdle: true },
  );
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.append('INBOX', raw);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

export function message(n: number, opts: { from?: string; subject?: string; text?: string } = {}): string {
  return [
    `From: ${opts.from ?? `Client ${n} <client${n}@client.test>`}`,
    `To: team@agency.test`,
    `Subject: ${opts.subject ?? `Question ${n}`}`,
    `Message-ID: <oauth-${n}-${Date.now()}@client.test>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.text ?? `Hello, a question (${n}).`,
    '',
  ].join('\r\n');
}

/** An SMTP server that takes only SASL XOAUTH2, checking each token at the provider (smtp-server `onAuth`). */
export interface OAuthSmtp {
  host: string;
  port: number;
  deliveries: Array<{ user: string; raw: string }>;
  logins: Array<{ user: string; ok: boolean }>;
  close(): Promise<void>;
}

export async function startOAuthSmtp(provider: LocalProvider): Promise<OAuthSmtp> {
  const s: OAuthSmtp = {
    host: '127.0.0.1',
    port: 0,
    deliveries: [],
    logins: [],
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authMethods: ['XOAUTH2'],
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      const owner = auth.method === 'XOAUTH2' ? provider.check(auth.accessToken ?? '') : null;
      const ok = owner !== null && owner === auth.username;
      s.logins.push({ user: auth.username ?? '', ok });
      if (!ok) return cb(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } });
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        s.deliveries.push({ user: String(session.user), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s.port = (server.server.address() as AddressInfo).port;
  s.close = () => new Promise((r) => server.close(() => r()));
  return s;
}

/** The provider config pointing the Microsoft 365 preset at the local provider. */
export function microsoftAt(provider: LocalProvider) {
  return {
    microsoft: {
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      authorizeUrl: `${provider.url}/authorize`,
      tokenUrl: `${provider.url}/token`,
      revokeUrl: `${provider.url}/revoke`,
    },
  };
}

/** The add-inbox form for an OAuth inbox on the local servers. */
export function oauthForm(d: { host: string; port: number }, over: Partial<AddInboxForm> = {}): AddInboxForm {
  return {
    kind: 'microsoft',
    id: 'm365',
    address: 'team@agency.test',
    account: '',
    imapHost: d.host,
    imapPort: String(d.port),
    imapSecurity: 'starttls',
    imapUser: '',
    imapPass: '',
    mailbox: 'INBOX',
    sentMailbox: 'Sent',
    smtpHost: '',
    smtpPort: '',
    smtpSecurity: 'starttls',
    smtpUser: '',
    smtpPass: '',
    timezone: 'Europe/Stockholm',
    language: 'en',
    startFrom: 'all',
    ...over,
  };
}

/**
 * The whole sign-in without a browser: the add-inbox form, the provider's consent (auto), and the callback,
 * through the same service functions the pages call.
 */
export async function signInInbox(
  ctx: AppContext,
  provider: LocalProvider,
  form: AddInboxForm,
  actor = 'ada@agency.test',
): Promise<string> {
  provider.autoConsent = true;
  const redirect = 'http://127.0.0.1:9/oauth/callback';
  const authorize = await beginOAuthInbox(ctx, actor, form, redirect);
  const res = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  return completeOAuth(ctx, actor, back.searchParams);
}
