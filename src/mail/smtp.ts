import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { InboxConfig } from '../config/schema.ts';
import { SafeError } from '../errors.ts';
import type { AccessTokenSource } from '../model/access-token.ts';

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
          auth: smtpAuth(smtp),
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

/**
 * The login of an inbox's SMTP: OAuth2 (SASL XOAUTH2) through nodemailer's provisionCallback, which it calls
 * whenever it needs a token and again with `renew` after a refused one, so a pooled connection never logs in
 * with an expired token; else the password, or no login at all.
 */
export function smtpAuth(smtp: {
  user?: string;
  pass?: string;
  oauth?: AccessTokenSource;
}): SMTPTransport.Options['auth'] {
  const source = smtp.oauth;
  if (source) {
    return {
      type: 'OAuth2',
      user: smtp.user ?? source.account,
      provisionCallback: (_user, renew, callback) => {
        source.get({ renew }).then(
          (t) => callback(null, t.accessToken, t.expiresAt),
          (err: Error) => callback(err),
        );
      },
    } as SMTPTransport.Options['auth'];
  }
  return smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined;
}
