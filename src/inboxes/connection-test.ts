import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { CheckResult } from '../doctor/check.ts';
import { checkImap } from '../doctor/imap-check.ts';
import { checkSmtp } from '../doctor/smtp-check.ts';

/** "Test connection" on an inbox's page: the doctor's own IMAP (login, mailbox, Sent folder) and SMTP checks. */
export async function testConnection(ctx: AppContext, id: string): Promise<CheckResult[]> {
  const index = ctx.config.inboxes.findIndex((i) => i.id === id);
  const inbox = ctx.config.inboxes[index];
  if (!inbox) throw new SafeError('not_found', 'No such inbox.', 404);
  const [imap, smtp] = await Promise.all([checkImap(inbox, index), checkSmtp(inbox, index)]);
  return [...imap, smtp];
}
