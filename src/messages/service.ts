import type { AppContext } from '../context.ts';
import type { Principal } from '../access/principal.ts';
import { canSeeInbox, inboxesInScope, plausibleId, requireVisible } from '../access/inbox-access.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { Page } from '../store/paging.ts';

/**
 * Ingested messages as a principal may see them (the JSON API and the web pages both read through here, so
 * the inbox rule is src/access/inbox-access.ts's everywhere). Errors: `not_found` (404, also for an inbox or a
 * message the principal may not see), `bad_request` (400, a bad cursor).
 */

export const MESSAGE_PAGE = { default: 50, max: 500 } as const;

export interface MessageListFilter {
  /** One inbox (a 404 when the principal may not see it); default every inbox they may see. */
  inbox?: string;
  /** 1–500, default 50. */
  limit?: number;
  /** The `nextCursor` of the page before. */
  cursor?: string;
}

/** Newest first (by arrival) across the inboxes in scope, one page at a time. */
export async function listMessages(
  ctx: AppContext,
  principal: Principal,
  filter: MessageListFilter = {},
): Promise<Page<MessageRecord>> {
  const inboxes = inboxesInScope(ctx.config, principal, filter.inbox);
  const limit = Math.min(Math.max(filter.limit ?? MESSAGE_PAGE.default, 1), MESSAGE_PAGE.max);
  return ctx.stores.messages.page({ inboxes, limit, cursor: filter.cursor });
}

/** One message, or null when it is missing or in an inbox the principal may not see. */
export async function findMessage(
  ctx: AppContext,
  principal: Principal,
  id: string | null,
): Promise<MessageRecord | null> {
  const m = id && plausibleId(id) ? await ctx.stores.messages.get(id) : null;
  return m && canSeeInbox(ctx.config, principal, m.inbox) ? m : null;
}

/** One message, or `not_found` (missing and "not yours" alike). */
export async function getMessage(ctx: AppContext, principal: Principal, id: string): Promise<MessageRecord> {
  return requireVisible(ctx.config, principal, await findMessage(ctx, principal, id), 'message');
}
