import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { InboxConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';

/** Options of an IMAP connection beyond the inbox config. */
export interface ImapClientOptions {
  /**
   * Restart IDLE this often (ms). A NAT box or a server can drop an idle connection without a FIN; breaking and
   * re-issuing IDLE makes such a dead socket fail a command (and hit `socketTimeout`) instead of waiting forever.
   * Default 60 s.
   */
  maxIdleTime?: number;
  /** A socket silent for this long is considered dead (ms). Default 120 s. */
  socketTimeout?: number;
  /**
   * Inactivity before imapflow enters IDLE (ms). The poller wants IDLE at once after each sync (imapflow's
   * default of 15 s would leave new mail unannounced meanwhile). Default 15 s.
   */
  autoIdleDelay?: number;
}

/**
 * An imapflow client for one inbox. Logging goes to a pino child at warn level: imapflow's debug output
 * includes protocol traces, and the AUTHENTICATE/LOGIN frames must never reach a log.
 */
export function createImapClient(inbox: InboxConfig, log: Logger, opts: ImapClientOptions = {}): ImapFlow {
  const imapLog = log.child({ component: 'imapflow' }, { level: 'warn' });
  return new ImapFlow({
    host: inbox.imap.host,
    port: inbox.imap.port,
    secure: inbox.imap.secure,
    auth: { user: inbox.imap.user, pass: inbox.imap.pass },
    tls: inbox.imap.allowInsecureTls ? { rejectUnauthorized: false } : undefined,
    logger: imapLog as unknown as ImapFlowOptions['logger'],
    maxIdleTime: opts.maxIdleTime ?? 60_000,
    socketTimeout: opts.socketTimeout ?? 120_000,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    autoIdleDelay: opts.autoIdleDelay ?? 15_000,
    // Plain-text passwords over an unencrypted connection are the operator's choice (secure: false); imapflow
    // still upgrades with STARTTLS when the server offers it.
  });
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
