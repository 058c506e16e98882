import nodemailer, { type Transporter } from 'nodemailer';
import type { InboxConfig } from '../config/schema.ts';
import { SafeError } from '../errors.ts';

export interface SmtpOptions {
  /** A silent socket (e.g. a server that took DATA and never answers) fails after this long. Default 60 s. */
  socketTimeoutMs?: number;
}

/**
 * SMTP transports of one running service, one pooled transport per inbox: connections are reused across sends,
 * and a config change (host, user) gets a new transport because the key includes them. Made by the composition
 * root and closed with it, so two services in one process never share (or close) each other's connections.
 */
export interface SmtpPool {
  transport(inbox: InboxConfig, opts?: SmtpOptions): Transporter;
  close(): void;
}

export function createSmtpPool(): SmtpPool {
  const transports = new Map<string, Transporter>();
  return {
    transport(inbox, opts = {}) {
      const smtp = inbox.smtp;
      if (!smtp) throw new SafeError('smtp_missing', `inbox "${inbox.id}" has no smtp settings`);
      const socketTimeout = opts.socketTimeoutMs ?? 60_000;
      const key = `${inbox.id}\0${smtp.host}\0${smtp.port}\0${smtp.user ?? ''}\0${socketTimeout}`;
      let t = transports.get(key);
      if (!t) {
        t = nodemailer.createTransport({
          pool: true,
          maxConnections: 2,
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
          tls: smtp.allowInsecureTls ? { rejectUnauthorized: false } : undefined,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          // A server that accepts DATA and then hangs must not hold the job forever: the send is retried and
          // the Sent-folder check decides whether it went out.
          socketTimeout,
          logger: false,
        });
        transports.set(key, t);
      }
      return t;
    },
    close() {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}
