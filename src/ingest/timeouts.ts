import type { Config } from '../config/schema.ts';
import type { ImapClientOptions } from '../mail/imap-client.ts';

type IngestTimeouts = Pick<
  Config['ingest'],
  'idleRestartSeconds' | 'socketTimeoutSeconds' | 'connectTimeoutSeconds' | 'stepTimeoutSeconds'
>;

/**
 * The IMAP timeouts of every ingest connection (the poller's and the ingest worker's fetcher), from the config's
 * `ingest` section. A connection that goes silent without closing (a NAT box that forgot it, a blackholed route)
 * is found by imapflow's socket watchdog: silent `socketTimeoutSeconds` → a NOOP probe, silent as long again →
 * closed; the poller then reconnects with backoff.
 */
export function ingestImapOptions(t: IngestTimeouts): ImapClientOptions {
  return {
    maxIdleTime: t.idleRestartSeconds * 1000,
    socketTimeout: t.socketTimeoutSeconds * 1000,
    connectionTimeout: t.connectTimeoutSeconds * 1000,
  };
}

export class StepTimeoutError extends Error {
  constructor(ms: number) {
    super(`IMAP did not answer within ${ms} ms`);
  }
}

/**
 * Races an IMAP step against `ms`: a step that outlives it fails the session, which reconnects. The socket
 * watchdog would find a dead connection too, but only after up to twice the socket timeout; a sync step has a
 * bound of its own.
 */
export function withStepTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StepTimeoutError(ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
