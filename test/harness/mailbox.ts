import type { ImapFlow, SearchObject } from 'imapflow';
import { createImapClient } from '../../src/mail/imap-client.ts';

/**
 * IMAP for tests and benchmarks, through the service's own factory (src/mail/imap-client.ts), so a test
 * client has the same timeouts as the service and `new ImapFlow` stays in one place.
 * No vitest import here: bench/ingest.ts uses it too.
 */
export interface MailboxLogin {
  host: string;
  port: number;
  user: string;
  pass: string;
}

/** A message to APPEND: its bytes, or its bytes with flags and an arrival time (INTERNALDATE). */
export type Appendable = string | Buffer | { raw: string | Buffer; flags?: string[]; date?: Date };

/**
 * Logs in (plain IMAP on loopback, silent, no automatic IDLE). A refused login is retried for `retryMs`: a
 * user whose passwd-file was written a moment ago can be unknown to a busy Dovecot for an instant. This waits
 * for the login to work, never a fixed time; `retryMs: 0` tries once.
 */
export async function openMailbox(login: MailboxLogin, opts: { retryMs?: number } = {}): Promise<ImapFlow> {
  const deadline = Date.now() + (opts.retryMs ?? 10_000);
  for (;;) {
    const c = createImapClient({ ...login, secure: false }, null, { disableAutoIdle: true });
    c.on('error', () => undefined); // a dropped test connection must not crash the test process
    try {
      await c.connect();
      return c;
    } catch (err) {
      const e = err as { authenticationFailed?: boolean; responseText?: string };
      const refused = e.authenticationFailed || /authentication failed/i.test(e.responseText ?? '');
      if (!refused || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Opens a connection, runs `fn` on it and logs out, also when `fn` throws. */
export async function withMailbox<T>(login: MailboxLogin, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = await openMailbox(login);
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

/** One APPEND; a transient NO from a loaded test server is retried, a final one says what the server said. */
async function appendOnce(c: ImapFlow, mailbox: string, m: Appendable) {
  const { raw, flags, date } = typeof m === 'string' || Buffer.isBuffer(m) ? { raw: m } : m;
  for (let attempt = 1; ; attempt++) {
    try {
      return await c.append(mailbox, raw, flags ?? [], date);
    } catch (err) {
      const e = err as Error & { responseText?: string };
      if (attempt >= 4 || !c.usable)
        throw new Error(`APPEND failed: ${e.message} ${e.responseText ?? ''}`, { cause: err });
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/**
 * APPENDs messages on one connection, pipelined 200 at a time (imapflow queues the commands), and returns the
 * UIDs the server gave them (UIDPLUS). `tolerateRefusals` skips messages the server will not take (a corpus
 * has files that are not mail) instead of failing.
 */
export async function appendMessages(
  login: MailboxLogin,
  messages: Appendable[],
  opts: { mailbox?: string; tolerateRefusals?: boolean } = {},
): Promise<number[]> {
  const mailbox = opts.mailbox ?? 'INBOX';
  return withMailbox(login, async (c) => {
    const uids: number[] = [];
    for (let i = 0; i < messages.length; i += 200) {
      const results = await Promise.all(
        messages.slice(i, i + 200).map((m) =>
          appendOnce(c, mailbox, m).then(
            (res) => {
              if (res) return res.uid;
              if (!opts.tolerateRefusals) throw new Error('APPEND refused');
            },
            (err: unknown) => {
              if (!opts.tolerateRefusals) throw err;
            },
          ),
        ),
      );
      for (const uid of results) if (uid !== undefined) uids.push(uid);
    }
    return uids;
  });
}

/** The mailbox paths of the account. */
export function listMailboxes(login: MailboxLogin): Promise<string[]> {
  return withMailbox(login, async (c) => (await c.list()).map((b) => b.path));
}

/** UIDs in `mailbox` matching `query` (opened read-only, so searching sets no flag). */
export function searchMailbox(login: MailboxLogin, mailbox: string, query: SearchObject): Promise<number[]> {
  return withMailbox(login, async (c) => {
    await c.mailboxOpen(mailbox, { readOnly: true });
    const found = await c.search(query, { uid: true });
    return Array.isArray(found) ? found : [];
  });
}
