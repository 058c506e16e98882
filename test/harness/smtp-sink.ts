import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port that records what it accepts.
 * It can be told to answer the next DATA with an error n times (421, 550 …), or to accept the data and
 * then never answer (a server that hangs after DATA).
 */
export interface Delivery {
  /** Envelope MAIL FROM; '' for the null sender `<>`. */
  from: string;
  to: string[];
  raw: Buffer;
  /** RCPT TO parameters (NOTIFY=… when DSN is used). */
  rcptArgs: Array<Record<string, unknown>>;
}

export interface SmtpSink {
  host: string;
  port: number;
  deliveries: Delivery[];
  /** Answer the next `times` messages with `code message` (after reading them; nothing is recorded). */
  failNext(code: number, times: number, message?: string): void;
  /** Read the next `times` messages and never answer (recorded as `hung`, not as deliveries). */
  hangNext(times: number): void;
  hung: Delivery[];
  /** Called after each accepted delivery (e.g. to drop it into a Dovecot mailbox). */
  onDelivery?: (d: Delivery) => Promise<void> | void;
  waitForDeliveries(n: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const failures: Array<{ code: number; message: string }> = [];
  let hangs = 0;
  const waiters: Array<() => void> = [];
  const open = new Set<SMTPServerDataStream>();

  const sink: SmtpSink = {
    host: '127.0.0.1',
    port: 0,
    deliveries: [],
    hung: [],
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
    async waitForDeliveries(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (sink.deliveries.length < n) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`expected ${n} deliveries, got ${sink.deliveries.length} in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return sink.deliveries;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
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
        };
        if (hangs > 0) {
          hangs--;
          sink.hung.push(d);
          return; // never call back: the client waits for a reply that does not come
        }
        const failure = failures.shift();
        if (failure) {
          const err = Object.assign(new Error(failure.message), { responseCode: failure.code });
          return callback(err);
        }
        sink.deliveries.push(d);
        Promise.resolve(sink.onDelivery?.(d))
          .catch(() => undefined)
          .finally(() => {
            callback(null);
            waiters.splice(0).forEach((w) => w());
          });
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}
