import nodemailer from 'nodemailer';
import type { InboxConfig } from '../config/schema.ts';
import { smtpAuth } from '../mail/smtp.ts';
import { describeError, type CheckResult } from './check.ts';
import { networkFix } from './network-fix.ts';

/** nodemailer puts SMTP reply codes in `responseCode` and its own failure kinds in `code` (EAUTH, ESOCKET…). */
function smtpFix(err: unknown, host: string, port: number, key: string): string {
  const e = err as { code?: string; responseCode?: number; cause?: { code?: string } };
  if (e?.code === 'EAUTH' || e?.responseCode === 535)
    return `the server refused the login: check ${key}.user and ${key}.pass`;
  if (e?.code === 'ESOCKET' || e?.code === 'ECONNECTION' || e?.code === 'ETIMEDOUT')
    return (
      networkFix(
        e?.cause?.code ?? /\b(E[A-Z_]+)\b/.exec(String((err as Error)?.message))?.[1],
        host,
        port,
        key,
      ) ?? `cannot reach ${host}:${port}: check ${key}.host, .port and .secure (465: secure true, 587: false)`
    );
  return networkFix(e?.code, host, port, key) ?? `check ${key}.host, .port, .secure and the credentials`;
}

/** Logs in to one inbox's SMTP server (nodemailer `verify`: connect, EHLO, STARTTLS, AUTH — no mail sent). */
export async function checkSmtp(inbox: InboxConfig, index: number): Promise<CheckResult> {
  const key = `inboxes[${index}].smtp`;
  if (!inbox.smtp) {
    return {
      status: 'warn',
      what: `smtp ${inbox.id}`,
      detail: 'not configured: drafts can be approved but never sent',
      fix: `add ${key} with host, port, user and pass`,
    };
  }
  const { host, port, secure, allowInsecureTls } = inbox.smtp;
  const user = inbox.smtp.user ?? inbox.smtp.oauth?.account;
  const what = `smtp ${inbox.id} (${user ? `${user} at ` : ''}${host}:${port})`;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: smtpAuth(inbox.smtp),
    tls: allowInsecureTls ? { rejectUnauthorized: false } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger: false,
  });
  try {
    await transport.verify();
    return { status: 'pass', what, detail: user ? 'logged in' : 'connected (no login configured)' };
  } catch (err) {
    return { status: 'fail', what, detail: describeError(err), fix: smtpFix(err, host, port, key) };
  } finally {
    transport.close();
  }
}
