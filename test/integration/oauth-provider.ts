import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OAuth2 authorization server of the tests' own, on loopback: authorization code flow with PKCE (S256
 * checked), refresh tokens (rotated on each refresh), RFC 7662 introspection for Dovecot's oauth2 passdb, RFC
 * 7009 revocation, a consent page a browser clicks through, and counters of every request. It behaves like
 * Microsoft's and Google's endpoints where Tactful can tell the difference (invalid_grant on a revoked or
 * rotated-away refresh token), never more.
 */
export interface LocalProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Access tokens live this long (seconds). */
  accessTtl: number;
  /** Scopes the next grants get, instead of those asked for (to test missing consent). */
  grantOnly: string[] | null;
  /** Skip the consent page: /authorize redirects at once (tests without a browser). */
  autoConsent: boolean;
  /** `delegate → mailbox`: the delegate's tokens open that mailbox (a Microsoft 365 shared mailbox). */
  readonly delegations: Map<string, string>;
  readonly counts: { authorize: number; code: number; refresh: number; introspect: number; revoke: number };
  /** Every token value ever issued (the tests look for them in logs and Redis). */
  readonly issued: string[];
  /** A valid access token for an account, for the tests' own IMAP logins (APPEND). */
  mint(account: string): string;
  /** The account a live access token belongs to, or null. */
  check(token: string): string | null;
  /** Revokes every token of an account (an admin pulled the consent). */
  revokeAccount(account: string): void;
  close(): Promise<void>;
}

interface Grant {
  account: string;
  scope: string;
  alive: boolean;
}

const random = () => randomBytes(24).toString('base64url');

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(new URLSearchParams(body)));
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startLocalProvider(opts: { accessTtl?: number } = {}): Promise<LocalProvider> {
  const codes = new Map<string, { account: string; scope: string; challenge: string; redirectUri: string }>();
  const access = new Map<string, { grant: Grant; expiresAt: number }>();
  const refresh = new Map<string, Grant>();
  const grants: Grant[] = [];

  const p: LocalProvider = {
    url: '',
    clientId: 'tactful-test-client',
    clientSecret: `secret-${random()}`,
    accessTtl: opts.accessTtl ?? 3600,
    grantOnly: null,
    autoConsent: false,
    delegations: new Map(),
    counts: { authorize: 0, code: 0, refresh: 0, introspect: 0, revoke: 0 },
    issued: [],
    mint(account) {
      const grant = { account, scope: 'test', alive: true };
      grants.push(grant);
      return issueAccess(grant);
    },
    check(token) {
      const a = access.get(token);
      return a && a.grant.alive && a.expiresAt > Date.now() ? a.grant.account : null;
    },
    revokeAccount(account) {
      for (const g of grants) if (g.account === account) g.alive = false;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };

  function issueAccess(grant: Grant): string {
    const token = `at-${random()}`;
    access.set(token, { grant, expiresAt: Date.now() + p.accessTtl * 1000 });
    p.issued.push(token);
    return token;
  }
  function issueRefresh(grant: Grant): string {
    const token = `rt-${random()}`;
    refresh.set(token, grant);
    p.issued.push(token);
    return token;
  }
  function tokenResponse(res: ServerResponse, grant: Grant) {
    json(res, 200, {
      access_token: issueAccess(grant),
      refresh_token: issueRefresh(grant),
      token_type: 'Bearer',
      expires_in: p.accessTtl,
      scope: grant.scope,
    });
  }
  const clientOk = (b: URLSearchParams) =>
    b.get('client_id') === p.clientId && b.get('client_secret') === p.clientSecret;

  function redirectWithCode(res: ServerResponse, q: URLSearchParams) {
    const code = `code-${random()}`;
    const scope = p.grantOnly ? p.grantOnly.join(' ') : (q.get('scope') ?? '');
    codes.set(code, {
      account: q.get('login_hint') || 'someone@example.test',
      scope,
      challenge: q.get('code_challenge') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
    });
    const back = new URL(q.get('redirect_uri')!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.href });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', p.url);
    if (req.method === 'GET' && url.pathname === '/authorize') {
      p.counts.authorize++;
      const q = url.searchParams;
      if (q.get('client_id') !== p.clientId || q.get('response_type') !== 'code')
        return json(res, 400, { error: 'invalid_request' });
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
        return json(res, 400, { error: 'invalid_request', error_description: 'PKCE required' });
      if (p.autoConsent) return redirectWithCode(res, q);
      const hidden = [...q]
        .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Permissions requested</title><h1>Tactful wants to read and send mail as ${escape(q.get('login_hint') ?? '')}</h1>` +
          `<p>Scopes: ${escape(q.get('scope') ?? '')}</p><form method="post" action="/authorize">${hidden}<button type="submit">Accept</button></form>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/authorize')
      return redirectWithCode(res, await readBody(req));
    if (req.method === 'POST' && url.pathname === '/token') {
      const b = await readBody(req);
      if (!clientOk(b)) return json(res, 401, { error: 'invalid_client' });
      if (b.get('grant_type') === 'authorization_code') {
        p.counts.code++;
        const c = codes.get(b.get('code') ?? '');
        codes.delete(b.get('code') ?? '');
        const verifier = b.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!c || c.challenge !== challenge || c.redirectUri !== b.get('redirect_uri'))
          return json(res, 400, { error: 'invalid_grant' });
        const grant = { account: c.account, scope: c.scope, alive: true };
        grants.push(grant);
        return tokenResponse(res, grant);
      }
      if (b.get('grant_type') === 'refresh_token') {
        p.counts.refresh++;
        const token = b.get('refresh_token') ?? '';
        const grant = refresh.get(token);
        // Rotation: a refresh token works once, as Microsoft's and many others' do.
        refresh.delete(token);
        if (!grant?.alive)
          return json(res, 400, { error: 'invalid_grant', error_description: 'token revoked' });
        return tokenResponse(res, grant);
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (req.method === 'POST' && url.pathname === '/introspect') {
      p.counts.introspect++;
      const account = p.check((await readBody(req)).get('token') ?? '');
      if (!account) return json(res, 200, { active: false });
      return json(res, 200, { active: true, username: p.delegations.get(account) ?? account });
    }
    if (req.method === 'POST' && url.pathname === '/revoke') {
      p.counts.revoke++;
      const token = (await readBody(req)).get('token') ?? '';
      const g = refresh.get(token) ?? access.get(token)?.grant;
      if (g) g.alive = false;
      res.writeHead(200);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return p;
}
