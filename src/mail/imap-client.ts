import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { InboxConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { AccessTokenSource } from '../model/access-token.ts';

/** Where and how to log in: an inbox's `imap` settings, or the demo's and the tests' own mailboxes. */
export interface ImapLogin {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  allowInsecureTls?: boolean;
  /** OAuth2 instead of `pass`: a fresh access token is fetched at every connect (SASL OAUTHBEARER/XOAUTH2). */
  oauth?: AccessTokenSource;
}

/** Options of an IMAP connection beyond the login. */
export interface ImapClientOptions {
  /**
   * Restart IDLE this often (ms). A NAT box or a server can drop an idle connection without a FIN; breaking and
   * re-issuing IDLE makes such a dead socket fail a command (and hit `socketTimeout`) instead of waiting forever.
   * Default 60 s; ingest connections take `ingest.idleRestartSeconds` (src/ingest/timeouts.ts).
   */
  maxIdleTime?: number;
  /**
   * A socket silent for this long gets a NOOP probe, and is closed when silent as long again (ms). Default 120 s;
   * ingest connections take `ingest.socketTimeoutSeconds`.
   */
  socketTimeout?: number;
  /** Connecting and the server's greeting may each take this long (ms). Default 15 s (`ingest.connectTimeoutSeconds`). */
  connectionTimeout?: number;
  /**
   * Inactivity before imapflow enters IDLE (ms). The poller wants IDLE at once after each sync (imapflow's
   * default of 15 s would leave new mail unannounced meanwhile). Default 15 s, or half the socket timeout if less.
   */
  autoIdleDelay?: number;
  /** One-shot connections (send, doctor, demo tools) never IDLE. */
  disableAutoIdle?: boolean;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * The one place an ImapFlow is made (test/unit/imap-factory.test.ts fails on any other `new ImapFlow`), so every
 * connection gets the same timeouts and logging. imapflow logs through a pino child at warn level or quieter:
 * its debug output includes protocol traces, and the AUTHENTICATE/LOGIN frames must never reach a log. A
 * `silent` (or error-only) service stays that way: the child never logs more than its parent.
 */
export function createImapClient(
  login: ImapLogin,
  log: Logger | null,
  opts: ImapClientOptions = {},
): ImapFlow {
  const parent = log ? LEVELS.indexOf(log.level) : -1;
  const logger =
    log === null
      ? false
      : (log.child(
          { component: 'imapflow' },
          { level: parent > LEVELS.indexOf('warn') ? log.level : 'warn' },
        ) as unknown as ImapFlowOptions['logger']);
  const connectionTimeout = opts.connectionTimeout ?? 15_000;
  const socketTimeout = opts.socketTimeout ?? 120_000;
  const client = new ImapFlow({
    host: login.host,
    port: login.port,
    secure: login.secure,
    auth: { user: login.user, pass: login.pass },
    tls: login.allowInsecureTls ? { rejectUnauthorized: false } : undefined,
    logger,
    maxIdleTime: opts.maxIdleTime ?? 60_000,
    socketTimeout,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    // imapflow keeps the delay below the socket timeout and warns about a value it must cap: the default
    // stays below a short socket timeout (ingest.socketTimeoutSeconds) by itself.
    autoIdleDelay: opts.autoIdleDelay ?? Math.min(15_000, socketTimeout / 2),
    disableAutoIdle: opts.disableAutoIdle ?? false,
    // Plain-text passwords over an unencrypted connection are the operator's choice (secure: false); imapflow
    // still upgrades with STARTTLS when the server offers it.
  });
  if (login.oauth) withFreshToken(client, login.user, login.oauth);
  return client;
}

/**
 * imapflow takes a fixed access token in its options and reads it when it authenticates; tokens expire hourly,
 * so the token is fetched (and refreshed when due) as each connect begins instead of when the client is made.
 * The IMAP user is the mailbox (for a Microsoft 365 shared mailbox, its address), the token the signed-in
 * account's: the server checks that account's rights on that mailbox.
 */
function withFreshToken(client: ImapFlow, user: string, source: AccessTokenSource): void {
  const connect = client.connect.bind(client);
  client.connect = async () => {
    const { accessToken } = await source.get();
    client.options.auth = { user, accessToken };
    return connect();
  };
}

/** Opens the inbox's mailbox read-only (EXAMINE): nothing Tactful does can set \Seen or any other flag. */
export async function openReadOnly(client: ImapFlow, inbox: InboxConfig) {
  return client.mailboxOpen(inbox.imap.mailbox, { readOnly: true });
}

/** Exponential backoff with full jitter (AWS architecture blog): spreads reconnects after a server restart. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
