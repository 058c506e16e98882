import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import { buildNotice } from '../mail/notice.ts';

/**
 * The two ways a notice leaves Tactful: an email to one of the agency's leads through the inbox's SMTP server,
 * and a POST to the inbox's chat webhook. Both say whether a failure is DEFINITE (nothing was delivered, a retry
 * is safe) or not (it may have arrived: at most once means no retry).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** Nothing was delivered: the claim may be released and the send tried again. */
    readonly definite: boolean,
  ) {
    super(message);
  }
}

/** A deterministic Message-ID for one delivery: a retried send is the same message. */
export const noticeMessageId = (inbox: InboxConfig, parts: string[]) =>
  `<tactful-notice-${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)}@${inbox.address.split('@')[1]!.toLowerCase()}>`;

export async function emailLead(
  ctx: AppContext,
  inbox: InboxConfig,
  n: { to: string; subject: string; text: string; messageId: string },
): Promise<void> {
  if (!inbox.smtp) throw new DeliveryError(`inbox "${inbox.id}" has no smtp settings`, true);
  const out = await buildNotice(
    inbox,
    { ...n, fromName: `Tactful · ${ctx.config.agency.name}` },
    ctx.clock.now(),
  );
  try {
    await ctx.smtp.transport(inbox).sendMail({ envelope: out.envelope, raw: out.raw });
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message: string };
    // A server answer (4xx/5xx) or a connection that never opened: nothing was accepted. A timeout after the
    // message was handed over is the one case where it may have arrived.
    const definite =
      e.responseCode !== undefined || ['ECONNECTION', 'EDNS', 'ESOCKET', 'EAUTH'].includes(e.code ?? '');
    throw new DeliveryError(`SMTP: ${e.message}`, definite);
  }
}

/** Slack and Microsoft Teams incoming webhooks both take `{"text": …}`. */
export async function postWebhook(url: string, text: string, timeoutMs = 5000): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    // Refused or unresolvable: nothing arrived. A timeout: the request may have been received.
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    throw new DeliveryError(
      timedOut ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message),
      !timedOut,
    );
  }
  await res.body?.cancel().catch(() => undefined);
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}`, true);
}
