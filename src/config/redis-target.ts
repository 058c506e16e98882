/**
 * Where Redis is: one server (`redis.url`), or a Redis Cluster given as a list of node URLs (`redis.cluster`) or
 * as one `redis+cluster://[user:password@]host:port,host:port,…` URL. The nodes are only where the client starts:
 * it learns every master and replica from them, so two or three are enough.
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | {
      kind: 'cluster';
      nodes: Array<{ host: string; port: number }>;
      username?: string;
      password?: string;
      /** `rediss://` nodes: TLS to every node. */
      tls: boolean;
    };

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\//i;

/** Why a node address is not usable, or null. */
function hostPort(s: string): { host: string; port: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:/?#@[\]]+)(?::(\d{1,5}))?$/i.exec(s);
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 6379;
  return port > 0 && port < 65536 ? { host: m[1]!.replace(/^\[|\]$/g, ''), port } : null;
}

function credentials(userinfo: string): { username?: string; password?: string } {
  if (!userinfo) return {};
  const i = userinfo.indexOf(':');
  const user = decodeURIComponent(i < 0 ? userinfo : userinfo.slice(0, i));
  const pass = i < 0 ? undefined : decodeURIComponent(userinfo.slice(i + 1));
  return { ...(user ? { username: user } : {}), ...(pass !== undefined ? { password: pass } : {}) };
}

/** `redis+cluster://user:pass@h1:6379,h2:6379` → a cluster target; a problem is thrown as an Error message. */
function parseClusterUrl(url: string): RedisTarget {
  const scheme = CLUSTER_SCHEME.exec(url)![1]!.toLowerCase();
  const rest = url.replace(CLUSTER_SCHEME, '').replace(/\/.*$/, '');
  const at = rest.lastIndexOf('@');
  const nodes = (at < 0 ? rest : rest.slice(at + 1)).split(',').map((n) => n.trim());
  const parsed = nodes.map(hostPort);
  const bad = nodes.find((_, i) => parsed[i] === null);
  if (bad !== undefined || nodes.length === 0) throw new Error(`"${bad ?? ''}" is not host:port`);
  return {
    kind: 'cluster',
    nodes: parsed as Array<{ host: string; port: number }>,
    ...credentials(at < 0 ? '' : rest.slice(0, at)),
    tls: scheme === 'rediss',
  };
}

/** A list of `redis://[user:pass@]host:port` URLs → a cluster target (credentials and TLS from the first node). */
function parseNodeList(urls: string[]): RedisTarget {
  const nodes: Array<{ host: string; port: number }> = [];
  let first: URL | undefined;
  for (const u of urls) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new Error(`"${u}" is not a redis:// URL`);
    }
    const node = /^rediss?:$/.test(url.protocol) ? hostPort(url.host) : null;
    if (!node) throw new Error(`"${u}" is not a redis://host:port URL`);
    first ??= url;
    nodes.push(node);
  }
  const userinfo = first && (first.username || first.password) ? `${first.username}:${first.password}` : '';
  return { kind: 'cluster', nodes, ...credentials(userinfo), tls: first?.protocol === 'rediss:' };
}

/**
 * The target of the config's `redis` section: `cluster` when given (a list of node URLs), else `url` (a
 * `redis+cluster://` URL is a cluster too). Throws an Error whose message names the problem.
 */
export function redisTarget(redis: { url: string; cluster?: string[] }): RedisTarget {
  if (redis.cluster?.length) return parseNodeList(redis.cluster);
  if (CLUSTER_SCHEME.test(redis.url)) return parseClusterUrl(redis.url);
  return { kind: 'single', url: redis.url };
}

/** The target for people to read: node addresses, never a password. */
export function describeTarget(t: RedisTarget): string {
  if (t.kind === 'cluster') return `cluster ${t.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  try {
    const u = new URL(t.url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis (unparseable url)';
  }
}
