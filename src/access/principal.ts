import { timingSafeEqual, createHash } from 'node:crypto';
import type { Config } from '../config/schema.ts';

/** Who is asking: an API token (all inboxes) or a logged-in user (their assigned inboxes; admins all). */
export interface Principal {
  kind: 'token' | 'user';
  /** Token name or user email; what the audit trail records (`api:<name>` for tokens). */
  actor: string;
  name: string;
  role: 'admin' | 'lead';
  inboxes: ReadonlySet<string> | 'all';
}

/** Whether the inbox is assigned to the principal; what may be seen is src/access/inbox-access.ts's rule. */
export function canAccessInbox(p: Principal, inboxId: string): boolean {
  return p.inboxes === 'all' || p.inboxes.has(inboxId);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Finds the API token in an `Authorization: Bearer …` header, comparing in constant time. */
export function principalFromBearer(header: string | undefined, config: Config): Principal | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const given = digest(m[1]!);
  for (const t of config.api.tokens) {
    if (timingSafeEqual(given, digest(t.token))) {
      return { kind: 'token', actor: `api:${t.name}`, name: t.name, role: 'admin', inboxes: 'all' };
    }
  }
  return null;
}

export function principalForUser(email: string, config: Config): Principal | null {
  const u = config.users.find((x) => x.email.toLowerCase() === email.toLowerCase());
  if (!u) return null;
  return {
    kind: 'user',
    actor: u.email,
    name: u.name,
    role: u.role,
    inboxes: u.role === 'admin' ? 'all' : new Set(u.inboxes),
  };
}
