import { describe, expect, it } from 'vitest';
import { missingScopes, resolveProviders, MICROSOFT_SCOPES } from '../../src/oauth/providers.ts';
import { refreshAt } from '../../src/oauth/token-service.ts';
import { parseAddInbox } from '../../src/inboxes/inbox-form.ts';
import { oauthConfig } from '../../src/config/oauth-schema.ts';

/** The pure rules of OAuth sign-in: which providers are offered, scopes, when to refresh, the add-inbox form. */
const none = oauthConfig.parse({});

describe('providers', () => {
  it('offers a preset only when its client id is known, from the config or the environment', () => {
    expect([...resolveProviders(none, {}).keys()]).toEqual([]);
    const env = { TACTFUL_MICROSOFT_CLIENT_ID: 'm-id', TACTFUL_MICROSOFT_CLIENT_SECRET: 'm-secret' };
    const ms = resolveProviders(none, env).get('microsoft')!;
    expect(ms).toMatchObject({
      clientId: 'm-id',
      clientSecret: 'm-secret',
      authorizeUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
      scopes: MICROSOFT_SCOPES,
      smtp: { host: 'smtp.office365.com', port: 587, secure: false },
    });
    const google = resolveProviders(oauthConfig.parse({ google: { clientId: 'g' } }), {}).get('google')!;
    expect(google.scopes).toEqual(['https://mail.google.com/']);
    expect(google.authorizeParams).toEqual({ access_type: 'offline', prompt: 'consent' });
    const tenant = resolveProviders(
      oauthConfig.parse({ microsoft: { clientId: 'x', tenant: 'contoso.com' } }),
      {},
    );
    expect(tenant.get('microsoft')!.tokenUrl).toBe(
      'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token',
    );
  });

  it('reads granted scopes with or without the resource prefix, and never needs offline_access', () => {
    const ms = resolveProviders(none, { TACTFUL_MICROSOFT_CLIENT_ID: 'x' }).get('microsoft')!;
    expect(
      missingScopes(ms, [
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
      ]),
    ).toEqual([]);
    expect(missingScopes(ms, ['IMAP.AccessAsUser.All', 'SMTP.Send'])).toEqual([]);
    expect(missingScopes(ms, ['IMAP.AccessAsUser.All', 'offline_access'])).toEqual([
      'https://outlook.office.com/SMTP.Send',
    ]);
  });
});

describe('refreshAt', () => {
  it('renews with a fifth of the lifetime left, at most five minutes early', () => {
    expect(refreshAt(3_600_000, 0)).toBe(3_300_000);
    expect(refreshAt(10_000, 0)).toBe(8_000);
    expect(refreshAt(1000, 1000)).toBe(1000);
  });
});

describe('the add-inbox form', () => {
  const base = {
    kind: 'microsoft',
    id: 'support',
    address: 'support@agency.test',
    account: 'anna@agency.test',
    imapHost: '',
    imapPort: '',
    imapSecurity: 'tls' as const,
    imapUser: '',
    imapPass: '',
    mailbox: 'INBOX',
    sentMailbox: 'Sent Items',
    smtpHost: '',
    smtpPort: '',
    smtpSecurity: 'tls' as const,
    smtpUser: '',
    smtpPass: '',
    timezone: 'Europe/Stockholm',
    language: 'sv',
    startFrom: 'now',
  };
  const ms = resolveProviders(none, { TACTFUL_MICROSOFT_CLIENT_ID: 'x' }).get('microsoft')!;

  it('fills in the provider’s servers; the IMAP user is the mailbox, no password is kept', () => {
    const { settings, passwords } = parseAddInbox(base, ms);
    expect(settings.imap).toMatchObject({
      host: 'outlook.office365.com',
      port: 993,
      secure: true,
      user: 'support@agency.test',
    });
    expect(settings.smtp).toEqual({ host: 'smtp.office365.com', port: 587, secure: false });
    expect(passwords).toEqual({});
  });

  it('takes a password server as typed, and names a bad field the way the config loader does', () => {
    const pw = {
      ...base,
      kind: 'password',
      imapHost: 'mail.example.com',
      imapSecurity: 'starttls' as const,
      imapPass: 'pw',
    };
    const { settings, passwords } = parseAddInbox(pw);
    expect(settings.imap).toMatchObject({ host: 'mail.example.com', port: 143, secure: false });
    expect(passwords).toEqual({ imap: 'pw' });
    expect(() => parseAddInbox({ ...pw, timezone: 'Mars/Olympus' })).toThrow(
      /^timezone: is not an IANA time zone$/,
    );
    expect(() => parseAddInbox({ ...pw, imapPass: '' })).toThrow(/give the password/);
    expect(() => parseAddInbox({ ...pw, id: 'Bad Id' })).toThrow(/^id: must match \[a-z0-9-\]\+$/);
  });
});
