import type { OAuthConfig } from '../config/oauth-schema.ts';

export interface MailServer {
  host: string;
  port: number;
  secure: boolean;
}

/** One OAuth2 provider an inbox can sign in with: endpoints, scopes and the agency's app registration. */
export interface OAuthProvider {
  /** `google`, `microsoft` or a generic provider's id. */
  id: string;
  /** What the add-inbox form says. */
  name: string;
  clientId: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  scopes: string[];
  /** Scopes IMAP and SMTP need: a grant without them is refused at sign-in and flagged by the doctor. */
  requiredScopes: string[];
  /** Extra authorization request parameters (offline access, account chooser). */
  authorizeParams: Record<string, string>;
  imap?: MailServer;
  smtp?: MailServer;
}

/** Google: `https://mail.google.com/` is the only scope IMAP and SMTP accept (Gmail API scopes do not). */
export const GOOGLE_SCOPES = ['https://mail.google.com/'];
/** Microsoft 365 (Exchange Online): IMAP and SMTP AUTH scopes of the outlook.office.com resource. */
export const MICROSOFT_SCOPES = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
];

type Env = Record<string, string | undefined>;

function google(cfg: OAuthConfig['google'], env: Env): OAuthProvider | null {
  const clientId = cfg?.clientId ?? env.TACTFUL_GOOGLE_CLIENT_ID;
  if (!clientId) return null;
  return {
    id: 'google',
    name: 'Google Workspace / Gmail',
    clientId,
    clientSecret: cfg?.clientSecret ?? env.TACTFUL_GOOGLE_CLIENT_SECRET,
    authorizeUrl: cfg?.authorizeUrl ?? 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: cfg?.tokenUrl ?? 'https://oauth2.googleapis.com/token',
    revokeUrl: cfg?.revokeUrl ?? 'https://oauth2.googleapis.com/revoke',
    scopes: GOOGLE_SCOPES,
    requiredScopes: GOOGLE_SCOPES,
    // Google gives a refresh token only with access_type=offline, and again on a later sign-in only with
    // prompt=consent (otherwise "signing in again" would return no refresh token).
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    imap: { host: 'imap.gmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
  };
}

function microsoft(cfg: OAuthConfig['microsoft'], env: Env): OAuthProvider | null {
  const clientId = cfg?.clientId ?? env.TACTFUL_MICROSOFT_CLIENT_ID;
  if (!clientId) return null;
  const base = `https://login.microsoftonline.com/${cfg?.tenant ?? 'organizations'}/oauth2/v2.0`;
  return {
    id: 'microsoft',
    name: 'Microsoft 365',
    clientId,
    clientSecret: cfg?.clientSecret ?? env.TACTFUL_MICROSOFT_CLIENT_SECRET,
    authorizeUrl: cfg?.authorizeUrl ?? `${base}/authorize`,
    tokenUrl: cfg?.tokenUrl ?? `${base}/token`,
    // Microsoft's identity platform has no RFC 7009 revocation endpoint: removing an inbox forgets the grant;
    // the tenant admin revokes it in Entra ID (README).
    revokeUrl: cfg?.revokeUrl,
    scopes: MICROSOFT_SCOPES,
    requiredScopes: MICROSOFT_SCOPES.filter((s) => s !== 'offline_access'),
    authorizeParams: { prompt: 'select_account' },
    imap: { host: 'outlook.office365.com', port: 993, secure: true },
    // SMTP AUTH of Exchange Online: port 587 with STARTTLS.
    smtp: { host: 'smtp.office365.com', port: 587, secure: false },
  };
}

/** The providers this service offers, by id: presets with a client id, then the configured generic ones. */
export function resolveProviders(cfg: OAuthConfig, env: Env = process.env): Map<string, OAuthProvider> {
  const out = new Map<string, OAuthProvider>();
  for (const p of [google(cfg.google, env), microsoft(cfg.microsoft, env)]) if (p) out.set(p.id, p);
  for (const g of cfg.providers) {
    out.set(g.id, {
      id: g.id,
      name: g.name,
      clientId: g.clientId,
      clientSecret: g.clientSecret,
      authorizeUrl: g.authorizeUrl,
      tokenUrl: g.tokenUrl,
      revokeUrl: g.revokeUrl,
      scopes: g.scopes,
      requiredScopes: g.scopes.filter((s) => s !== 'offline_access'),
      authorizeParams: {},
      imap: g.imap ? { ...g.imap, secure: g.imap.port === 993 } : undefined,
      smtp: g.smtp ? { ...g.smtp, secure: g.smtp.port === 465 } : undefined,
    });
  }
  return out;
}

/** Granted scopes compared loosely: Microsoft answers `https://outlook.office.com/IMAP.AccessAsUser.All` or the bare name. */
export function missingScopes(provider: OAuthProvider, granted: readonly string[]): string[] {
  const have = new Set(granted.map((s) => s.toLowerCase()));
  const bare = new Set(granted.map((s) => s.toLowerCase().replace(/^https?:\/\/[^/]+\//, '')));
  return provider.requiredScopes.filter(
    (s) => !have.has(s.toLowerCase()) && !bare.has(s.toLowerCase().replace(/^https?:\/\/[^/]+\//, '')),
  );
}
