import type { Clock } from '../clock.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import { keyspace } from './keyspace.ts';
import type { RedisClient } from './redis-client.ts';
import { InboxOfIndex } from './inbox-of.ts';
import { MessageStore } from './messages.ts';
import { DraftStore } from './drafts.ts';
import { InvoiceStore } from './invoices.ts';
import { CursorStore } from './cursors.ts';
import { LeaseStore } from './leases.ts';
import { LivePollerStore } from './pollers.ts';
import { InboxStatusStore } from './inbox-status.ts';
import { AckLimitStore } from './ack-limit.ts';
import { SendGuardStore } from './send-guard.ts';
import { LatestDraftIndex } from './latest-drafts.ts';
import { loginLimitStore } from './login-limit.ts';
import { CommitmentStore } from './commitments.ts';
import { ThreadStore } from './threads.ts';
import { DeliveryClaimStore } from './delivery-claims.ts';
import { ClientStore } from './clients.ts';
import { DraftEditorStore } from './draft-editors.ts';
import { RegistryVersion } from './registry-version.ts';
import { InboxRegistryStore } from './inbox-registry.ts';
import { UserRegistryStore } from './user-registry.ts';
import { OAuthTokenStore } from './oauth-tokens.ts';
import { AdminLogStore } from './admin-log.ts';

/**
 * Every repository over one Redis connection (or cluster) and key prefix: what the rest of Tactful uses instead
 * of keys.
 */
export function createStores(
  redis: RedisClient,
  prefix: string,
  opts: { clock: Clock; onDraftStatus?: (d: DraftRecord) => void },
) {
  const keys = keyspace(prefix);
  const inboxOf = new InboxOfIndex(redis, keys);
  const registryVersion = new RegistryVersion(redis, keys);
  return {
    prefix,
    messages: new MessageStore(redis, keys, inboxOf),
    drafts: new DraftStore(redis, keys, inboxOf, opts.clock, opts.onDraftStatus),
    invoices: new InvoiceStore(redis, keys, inboxOf),
    cursors: new CursorStore(redis, keys),
    leases: new LeaseStore(redis, keys),
    pollers: new LivePollerStore(redis, keys),
    inboxStatus: new InboxStatusStore(redis, keys),
    ackLimit: new AckLimitStore(redis, keys),
    sendGuard: new SendGuardStore(redis, keys),
    latestDrafts: new LatestDraftIndex(redis, keys),
    loginLimit: loginLimitStore(redis, keys),
    commitments: new CommitmentStore(redis, keys, inboxOf),
    threads: new ThreadStore(redis, keys),
    deliveryClaims: new DeliveryClaimStore(redis, keys),
    clients: new ClientStore(redis, keys),
    draftEditors: new DraftEditorStore(redis, keys),
    registryVersion,
    inboxRegistry: new InboxRegistryStore(redis, keys, registryVersion),
    userRegistry: new UserRegistryStore(redis, keys, registryVersion),
    oauthTokens: new OAuthTokenStore(redis, keys),
    adminLog: new AdminLogStore(redis, keys),
  };
}
export type Stores = ReturnType<typeof createStores>;
