/**
 * Is an SMTP failure worth retrying? A pure decision (EmailEngine keeps the same one apart from I/O).
 * - 4xx replies (greylisting, 421 "try later", 452 mailbox full) and connection failures: retry with backoff.
 * - 5xx replies are permanent (RFC 5321 §4.2.1), except 503 "bad sequence of commands", which is almost
 *   always a broken pooled connection rather than a verdict on this message.
 * - No reply code and no network error code: a local bug or an unknown failure; retried, as losing mail is
 *   worse than one more attempt.
 */
export type SmtpVerdict = { retry: boolean; code: number | null; message: string };

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPROTOCOL',
]);

interface SmtpLikeError {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

/** The server's own words, one line, without anything that looks like a credential exchange. */
function serverMessage(e: SmtpLikeError): string {
  const raw =
    typeof e.response === 'string' && e.response ? e.response : String(e.message ?? 'unknown error');
  return raw.replace(/\s+/g, ' ').trim().slice(0, 500);
}

export function classifySmtpError(err: unknown): SmtpVerdict {
  const e = (err ?? {}) as SmtpLikeError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const message = serverMessage(e);
  if (code !== null && code >= 500 && code < 600 && code !== 503) return { retry: false, code, message };
  if (code !== null && code >= 400) return { retry: true, code, message };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return { retry: true, code, message };
  return { retry: true, code, message };
}
