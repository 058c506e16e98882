import type { Socket } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';

/**
 * The demo's mailbox: an in-memory IMAP server (hoodiecrow-imap, MIT, written by imapflow's author as a
 * scriptable test server) started in this process. Why this one:
 * - `npm start` must work on a fresh machine with nothing but Node and Redis, so no system server (a private
 *   Dovecot needs the dovecot-imapd package and root to drop privileges) and no MongoDB (wildduck);
 * - it speaks enough IMAP4rev1 for imapflow and the poller: LOGIN, LIST with SPECIAL-USE, SELECT/EXAMINE,
 *   UID FETCH/SEARCH/STORE, APPEND with UIDPLUS, IDLE (test/integration/demo.test.ts proves each);
 * - it is small, pure JavaScript and has no dependencies beyond two tiny ones.
 * Its limits suit a demo: one user, everything forgotten on exit, no TLS, CONDSTORE only partly done (off).
 * It is old and no longer developed, which is acceptable only because nothing but the demo uses it.
 */
export interface ImapSandbox {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Adds a message as if it had been delivered, waking IDLE clients (EXISTS). Returns its UID. */
  deliver(raw: Buffer, at?: Date, mailbox?: string): number;
  count(mailbox?: string): number;
  stop(): Promise<void>;
}

// CONDSTORE is left out on purpose: hoodiecrow implements it only partly, and the poller must not rely on
// MODSEQ from a server that gets it wrong.
const PLUGINS = ['ID', 'IDLE', 'UIDPLUS', 'NAMESPACE', 'ENABLE', 'SPECIAL-USE', 'LITERALPLUS', 'UNSELECT'];

export async function startImapSandbox(opts: {
  port?: number;
  user: string;
  pass: string;
}): Promise<ImapSandbox> {
  const server = hoodiecrow({
    plugins: PLUGINS,
    id: { name: 'tactful-demo-imap' },
    users: { [opts.user]: { password: opts.pass } },
    storage: {
      // A fresh UIDVALIDITY per start: a cursor left in Redis from an earlier demo run then resyncs instead of
      // skipping the reseeded UIDs 1..n (RFC 3501 §2.3.1.1).
      INBOX: { uidvalidity: Math.floor(Date.now() / 1000), messages: [] },
      '': {
        separator: '/',
        folders: {
          Sent: { 'special-use': '\\Sent', messages: [] },
          Trash: { 'special-use': '\\Trash', messages: [] },
        },
      },
    },
  });
  const sockets = new Set<Socket>();
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    user: opts.user,
    pass: opts.pass,
    deliver(raw, at = new Date(), mailbox = 'INBOX') {
      // hoodiecrow keeps messages as one-char-per-byte strings (what its APPEND stores); a UTF-8 JS string
      // would make RFC822.SIZE and the FETCH literal lengths wrong for 8-bit mail.
      return server.appendMessage(mailbox, [], at, raw.toString('binary')).message.uid;
    },
    count: (mailbox = 'INBOX') => server.getMailbox(mailbox)?.messages.length ?? 0,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
