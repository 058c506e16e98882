import type { Config } from '../config/schema.ts';
import { SafeError } from '../errors.ts';
import { canAccessInbox, type Principal } from './principal.ts';

/**
 * The one rule for what a principal may see, used by every service the web view and the API call: an inbox
 * that is configured and assigned to them (API tokens and admins: every configured inbox), and the records
 * of such inboxes. Everything else answers exactly like something missing — `not_found`, the same message for
 * "does not exist" and "not yours" — so nobody can probe which inboxes, drafts or invoices exist elsewhere.
 */

export function canSeeInbox(config: Config, p: Principal, inboxId: string): boolean {
  return config.inboxes.some((i) => i.id === inboxId) && canAccessInbox(p, inboxId);
}

/** The inbox id if the principal may see it; else `not_found`. */
export function requireInbox(config: Config, p: Principal, inboxId: string): string {
  if (!canSeeInbox(config, p, inboxId))
    throw new SafeError('not_found', `no inbox "${inboxId.slice(0, 64)}"`, 404);
  return inboxId;
}

/** The inboxes a listing covers: the one asked for (if visible, else `not_found`), or every visible one. */
export function inboxesInScope(config: Config, p: Principal, inbox?: string): string[] {
  if (inbox !== undefined) return [requireInbox(config, p, inbox)];
  return config.inboxes.map((i) => i.id).filter((id) => canAccessInbox(p, id));
}

export type RecordKind = 'draft' | 'invoice' | 'message';

/** A record of an inbox the principal may see; a missing one and another inbox's answer the same `not_found`. */
export function requireVisible<T extends { inbox: string }>(
  config: Config,
  p: Principal,
  record: T | null,
  kind: RecordKind,
): T {
  if (!record || !canSeeInbox(config, p, record.inbox))
    throw new SafeError('not_found', `no such ${kind}`, 404);
  return record;
}

/** Ids that reach a store from a URL: anything else is simply not found (no key built from odd input). */
export const plausibleId = (id: string) => /^[A-Za-z0-9_-]{1,200}$/.test(id);
