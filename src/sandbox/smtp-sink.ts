import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** One message the sink accepted: kept in memory, never relayed anywhere. */
export interface Delivery {
  /** Envelope MAIL FROM; '' for the null sender `<>`. */
  from: string;
  to: string[];
  raw: Buffer;
  /** RCPT TO parameters (NOTIFY=… when DSN is used). */
  rcptArgs: Array<Record<string, unknown>>;
  receivedAt: Date;
}

export interface SmtpSink {
  host: string;
  port: number;
  readonly deliveries: Delivery[];
  /** Messages read after `hangNext` and never answered (not deliveries). */
  readonly hung: Delivery[];
  /** Answer the next `times` messages with `code message` (after reading them; nothing is recorded). */
  failNext(code: number, times: number, message?: string): void;
  /** Read the next `times` messages and never answer: a server that hangs after DATA. */
  hangNext(times: number): void;
  /** Called after each accepted delivery, before the 250 (e.g. to drop it into a mailbox). */
  onDelivery?: (d: Delivery) => Promise<void> | void;
  /** Resolves with the deliveries once there are `n`; rejects after `timeoutMs`. */
  waitForDeliveries(n: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Default: a free one. */
  port?: number;
  /**
   * Logins: `none` (default) takes mail without one, as the tests' relays do; `any` advertises AUTH and takes
   * every login (the demo's config logs in, as a real relay wants); a user and password take only that one
   * and refuse the rest with 535, like a real relay (the doctor's checks).
   */
  auth?: 'none' | 'any' | { user: string; pass: string };
  onDelivery?: SmtpSink['onDelivery'];
}

/** Large enough for any reply Tactful drafts; a runaway client cannot fill memory. */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * An outgoing mail server on loopback (the `smtp-server` package) that keeps what it is sent, for the demo and
 * the tests: sending can be watched end to end while nothing leaves the machine, and a test can make it answer
 * 4xx/5xx or hang. STARTTLS is off because the sink has no certificate a client would trust.
 */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const failures: Array<{ code: number; message: string }> = [];
  let hangs = 0;
  const waiters = new Set<() => void>();
  const open = new Set<SMTPServerDataStream>();

  const sink: SmtpSink = {
    host: '127.0.0.1',
    port: 0,
    deliveries: [],
    hung: [],
    onDelivery: opts.onDelivery,
    failNext(
      code,
      times,
      message = code >= 500 ? 'Mailbox unavailable' : 'Service not available, try later',
    ) {
      for (let i = 0; i < times; i++) failures.push({ code, message });
    },
    hangNext(times) {
      hangs += times;
    },
    waitForDeliveries(n, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sink.deliveries.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(sink.deliveries);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} deliveries, got ${sink.deliveries.length} in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const s of open) s.destroy(); // hung sessions would otherwise hold close() for its timeout
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const answer = (d: Delivery, callback: (err?: Error | null) => void) => {
    if (hangs > 0) {
      hangs--;
      sink.hung.push(d);
      return; // never call back: the client waits for a reply that does not come
    }
    const failure = failures.shift();
    if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
    sink.deliveries.push(d);
    Promise.resolve(sink.onDelivery?.(d))
      .catch(() => undefined)
      .finally(() => {
        callback(null);
        for (const w of [...waiters]) w();
      });
  };

  const server = new SMTPServer({
    name: 'tactful-sandbox-smtp',
    secure: false,
    disabledCommands: (opts.auth ?? 'none') === 'none' ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    size: MAX_BYTES,
    logger: false,
    onAuth(auth, _session, cb) {
      const only = typeof opts.auth === 'object' ? opts.auth : null;
      if (only && (auth.username !== only.user || auth.password !== only.pass))
        return cb(new Error('Invalid username or password'));
      cb(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      open.add(stream);
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        open.delete(stream);
        const env = session.envelope;
        const d: Delivery = {
          from: env.mailFrom ? env.mailFrom.address : '',
          to: env.rcptTo.map((r) => r.address),
          rcptArgs: env.rcptTo.map((r) => (r.args as Record<string, unknown>) ?? {}),
          raw: Buffer.concat(chunks),
          receivedAt: new Date(),
        };
        answer(d, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // a client hanging up mid-session is not the sink's problem
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}
