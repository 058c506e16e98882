import { hostname } from 'node:os';
import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { backoffMs, createImapClient, openReadOnly } from '../mail/imap-client.ts';
import { Wakeup } from './wakeup.ts';
import { syncMailbox, LeaseLostError } from './sync.ts';
import { scanSentFolder } from './sent-scan.ts';
import { ingestImapOptions } from './timeouts.ts';
import { LeaseTurns, type InboxClaim } from './poller-claim.ts';

const needsSignIn = (err: unknown) => (err as { code?: string }).code === 'oauth_needs_sign_in';

export interface PollerHandle {
  /** The inbox's owner may have changed: take the lease, or hand it over, without waiting for the timer. */
  reconsider(): void;
  close(): Promise<void>;
}

/**
 * One poller per inbox: holds the inbox lease, keeps an IMAP connection in IDLE, and enqueues every new UID.
 * Loop: take the lease (or wait as a standby) → connect → sync → wait for EXISTS or the poll timer → sync …
 * Any failure closes the connection and reconnects with backoff; a lost lease stops polling at once.
 *
 * The claim (which live poller owns the inbox) decides who tries to take the lease, the lease who polls
 * (src/ingest/poller-claim.ts). A holder whose inbox got another owner hands it over after its sync step.
 */
export function startPoller(ctx: AppContext, inbox: InboxConfig, claim: InboxClaim): PollerHandle {
  const log = ctx.log.child({ component: 'poller', inbox: inbox.id });
  const ttlMs = ctx.config.ingest.leaseSeconds * 1000;
  const lease = ctx.stores.leases.poller(inbox.id, ttlMs);
  const cursors = ctx.stores.cursors;
  const wake = new Wakeup();
  const holder = `${hostname()}:${process.pid}`;
  let stopped = false;
  let held = false;
  let client: ImapFlow | null = null;
  let lastSyncAt: string | null = null;
  let renewToken = false;
  const turns = new LeaseTurns(
    claim,
    {
      acquire: () => lease.acquire(),
      isFree: async () => (await ctx.stores.leases.pollerHolder(inbox.id)) === null,
    },
    ttlMs,
  );
  const shouldHandOver = () => held && turns.shouldHandOver();

  const status = (connected: boolean, error: string | null = null) =>
    ctx.stores.inboxStatus
      .publish(inbox.id, { connected, lastSyncAt, holder, error }, ttlMs / 1000 + 5)
      .catch(() => undefined);

  const dropConnection = () => {
    const c = client;
    client = null;
    c?.close();
  };

  // Renew at a third of the TTL; a lease we cannot confirm within the TTL counts as lost.
  let lastRenewed = 0;
  const renewTimer = setInterval(
    () => {
      if (!held) return;
      lease.renew().then(
        (ok) => {
          if (ok) lastRenewed = Date.now();
          else loseLease('lease taken by another process');
        },
        () => {
          if (Date.now() - lastRenewed > ttlMs * 0.8) loseLease('lease not renewable (Redis unreachable)');
        },
      );
      if (client?.usable) void status(true);
    },
    Math.max(200, ttlMs / 3),
  );

  function loseLease(why: string) {
    if (!held) return;
    held = false;
    log.warn({ why }, 'lost the inbox lease: polling stops');
    dropConnection();
    wake.kick();
  }

  /**
   * The agency's answers in the Sent folder (src/ingest/sent-scan.ts). A missing folder or a failing handler must
   * not stop the inbox's own polling: logged, and tried again next cycle (the Sent cursor did not move). A lost
   * lease or a dead connection ends the session as usual. The folder is read on a connection of its own, so this
   * one stays in IDLE on the inbox.
   */
  let sentError: string | null = null;
  const connectReader = async () => {
    const r = createImapClient(inbox.imap, log, {
      ...ingestImapOptions(ctx.config.ingest),
      disableAutoIdle: true,
    });
    r.on('error', (err: Error) => log.warn({ err: err.message }, 'imap error (Sent folder)'));
    await r.connect();
    return r;
  };
  async function scanSent(c: ImapFlow): Promise<void> {
    try {
      await scanSentFolder({ ctx, inbox, client: c, connect: connectReader, lease, log });
      if (sentError) log.info({ folder: inbox.imap.sentMailbox }, 'the Sent folder can be read again');
      sentError = null;
    } catch (err) {
      if (err instanceof LeaseLostError || !c.usable) throw err;
      // Once per distinct problem, not every cycle (a missing folder would otherwise log each minute).
      const message = (err as Error).message;
      if (message !== sentError)
        log.warn({ err: message, folder: inbox.imap.sentMailbox }, 'could not read the Sent folder');
      sentError = message;
    }
  }

  async function session(): Promise<void> {
    if (renewToken && inbox.imap.oauth) {
      renewToken = false;
      await inbox.imap.oauth.get({ renew: true });
    }
    const c = createImapClient(inbox.imap, log, {
      ...ingestImapOptions(ctx.config.ingest),
      autoIdleDelay: 100,
    });
    client = c;
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.on('error', (err: Error) => log.warn({ err: err.message }, 'imap error'));
    c.on('exists', () => wake.kick());
    await c.connect();
    await openReadOnly(c, inbox);
    log.info('connected');
    // An OAuth session ends (logout, new login with a fresh token) shortly before its token runs out; the
    // cursor is in Redis, so the next session continues exactly where this one stopped.
    const renewAt = inbox.imap.oauth ? (await inbox.imap.oauth.get()).refreshAt : Infinity;
    let isClosed = false;
    void closed.then(() => {
      isClosed = true;
      wake.kick();
    });
    let first = true;
    while (!stopped && held && !isClosed) {
      await syncMailbox({ ctx, inbox, client: c, cursors, lease, log, isHeld: () => held });
      await scanSent(c);
      if (first) {
        first = false;
        // IMAP answers again: jobs that ran out of attempts during an outage get another chance.
        await ctx.queues.ingest.retryJobs({ state: 'failed', count: 1000 }).catch(() => undefined);
      }
      lastSyncAt = ctx.clock.now().toISOString();
      await status(true);
      if (shouldHandOver()) {
        // After a whole sync step: nothing is in flight, and mail that came in meanwhile is already queued.
        await c.logout().catch(() => undefined);
        return;
      }
      await wake.wait(Math.min(ctx.config.ingest.pollSeconds * 1000, renewAt - ctx.clock.now().getTime()));
      if (ctx.clock.now().getTime() >= renewAt && !isClosed) {
        log.info('access token due for renewal: logging in again');
        await c.logout().catch(() => undefined);
        return;
      }
    }
    if (isClosed && !stopped && held) throw new Error('connection closed');
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      if (shouldHandOver()) await handOver();
      if (!held) {
        const got = await turns.tryTake().catch(() => false);
        if (!got) {
          await wake.wait(turns.retryMs());
          continue;
        }
        held = true;
        lastRenewed = Date.now();
        log.info({ as: turns.takenAs() }, 'lease acquired: this process polls the inbox');
      }
      try {
        await session();
        attempt = 0;
      } catch (err) {
        if (stopped) break;
        if (err instanceof LeaseLostError) loseLease('lease taken by another process');
        else if (needsSignIn(err)) {
          // Nothing to retry until an admin signs in again (the registry then restarts this poller).
          log.warn('inbox needs sign-in again: polling waits for it');
          while (!stopped && !shouldHandOver()) {
            await status(false, 'needs sign-in again');
            await wake.wait(ttlMs);
          }
        } else {
          ctx.metrics.imapReconnects.inc({ inbox: inbox.id });
          // A refused login is not cured by hammering: slower backoff; with OAuth, a forced refresh first.
          const refused = (err as { authenticationFailed?: boolean }).authenticationFailed === true;
          if (refused) renewToken = true;
          // A token endpoint that is down or answering errors is not asked every 30 s either.
          const oauthTrouble = String((err as { code?: unknown }).code ?? '').startsWith('oauth_');
          const delay =
            refused || oauthTrouble ? backoffMs(attempt++, 2_000, 15 * 60_000) : backoffMs(attempt++);
          log.warn({ err: (err as Error).message, retryInMs: delay }, 'poller session failed; reconnecting');
          await status(false, (err as Error).message);
          await wake.wait(delay);
        }
      } finally {
        dropConnection();
      }
    }
  }

  /** Lets the lease go for the new owner, which takes it at its next try (an eighth of the lease time). */
  async function handOver(): Promise<void> {
    held = false;
    dropConnection();
    log.info({ to: claim.owner() }, 'inbox handed over to its new owner');
    await lease.release().catch(() => undefined);
  }

  const done = run().catch((err: unknown) => log.error({ err }, 'poller stopped unexpectedly'));

  return {
    reconsider() {
      if (held ? shouldHandOver() : turns.isOwner()) wake.kick();
    },
    async close() {
      stopped = true;
      clearInterval(renewTimer);
      wake.kick();
      const c = client;
      if (c) await Promise.race([c.logout().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      dropConnection();
      await done;
      if (held) {
        held = false;
        await status(false, 'stopped');
        await lease.release().catch(() => undefined);
      }
    },
  };
}
