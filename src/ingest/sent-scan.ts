import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../context.ts';
import type { InboxConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Lease } from '../store/leases.ts';
import type { AgencyMessage } from '../model/conversation-events.ts';
import { parseToRecord } from '../mail/parse.ts';
import { isOwnMessageId } from '../triage/auto-reply-guard.ts';
import { newTextOf } from '../triage/triage.ts';
import { chunks, uidSet } from './sync-plan.ts';
import { LeaseLostError } from './sync.ts';

/** Enough of a message for its headers and what the agency wrote; attachments are not needed. */
const SOURCE_BYTES = 64 * 1024;
const BATCH = 50;
/** How far back a renumbered Sent folder (new UIDVALIDITY) is read again; answers are deduplicated downstream. */
const RESCAN_MARGIN_MS = 2 * 86_400_000;

/**
 * The agency's answers filed in the Sent folder by ANY mail client (issue 13: a reply from Outlook on a phone
 * keeps a reply-by clock as well as one sent through Tactful). Run by the inbox's poller after each sync:
 * - every cycle one cheap `STATUS Sent (UIDNEXT UIDVALIDITY)` on the poller's connection, which stays in IDLE on
 *   the inbox's mailbox; nothing more when nothing was filed;
 * - otherwise the new messages are read READ-ONLY on a short-lived connection of their own (EXAMINE, BODY.PEEK of
 *   the first 64 KB: no flag is ever set; the poller's selected mailbox is never switched), handed to the
 *   commitments (ctx.conversation), and only then does the Sent cursor move — fenced by the inbox lease like the
 *   INBOX cursor, so a poller that lost its lease cannot move it.
 * Tactful's own copies (`<tactful-…>` Message-IDs) are left out: the send job reports those with their kind (an
 * acknowledgement is no answer). A new cursor starts at what is in the folder now. Returns how many were read.
 */
export async function scanSentFolder(deps: {
  ctx: AppContext;
  inbox: InboxConfig;
  /** The poller's connection: only asked for STATUS. */
  client: ImapFlow;
  /** Opens a connection of its own for reading the folder (logged out afterwards). */
  connect: () => Promise<ImapFlow>;
  lease: Pick<Lease, 'key' | 'token'>;
  log: Logger;
}): Promise<number> {
  const { ctx, inbox, client, lease } = deps;
  const folder = inbox.imap.sentMailbox;
  const status = await client.status(folder, { uidNext: true, uidValidity: true });
  if (!status || status.uidNext === undefined || status.uidValidity === undefined) return 0;
  const uidValidity = status.uidValidity.toString();
  const top = status.uidNext - 1;
  const cursor = await ctx.stores.cursors.get(inbox.id, 'sent');
  if (cursor && cursor.uidValidity === uidValidity && cursor.lastUid >= top) return 0;
  const save = async (lastUid: number) => {
    const at = ctx.clock.now().toISOString();
    if (!(await ctx.stores.cursors.save(inbox.id, { uidValidity, lastUid, updatedAt: at }, lease, 'sent')))
      throw new LeaseLostError();
  };
  if (!cursor) {
    await save(top);
    return 0;
  }
  const reader = await deps.connect();
  try {
    await reader.mailboxOpen(folder, { readOnly: true });
    let uids: number[];
    if (cursor.uidValidity === uidValidity) {
      // "n:*" always matches the highest UID even when it is below n (RFC 3501 §6.4.8), hence the filter.
      const found = await reader.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
      uids = (Array.isArray(found) ? found : []).filter((u) => u > cursor.lastUid);
    } else {
      const since = new Date(Date.parse(cursor.updatedAt) - RESCAN_MARGIN_MS);
      const found = await reader.search({ since }, { uid: true });
      uids = Array.isArray(found) ? found : [];
      deps.log.info(
        { previous: cursor.uidValidity, uidValidity },
        'Sent folder renumbered; reading recent mail again',
      );
    }
    uids.sort((a, b) => a - b);
    for (const batch of chunks(uids, BATCH)) {
      const msgs = await reader.fetchAll(
        uidSet(batch),
        { uid: true, envelope: true, internalDate: true, source: { maxLength: SOURCE_BYTES } },
        { uid: true },
      );
      const answers: AgencyMessage[] = [];
      for (const m of msgs) {
        const messageId = m.envelope?.messageId?.trim() || null;
        const a = m.source ? await agencyMessageOf(inbox, m.source, messageId, m.internalDate) : null;
        if (a) answers.push(a);
      }
      await ctx.conversation.sentFolderMessages(ctx, answers);
      await save(batch[batch.length - 1]!);
    }
    // Mail filed after the STATUS above may have been read already: never move the cursor back below it.
    await save(Math.max(top, uids.at(-1) ?? 0));
    if (uids.length) deps.log.info({ messages: uids.length }, 'read new mail in the Sent folder');
    return uids.length;
  } finally {
    await reader.logout().catch(() => reader.close());
  }
}

async function agencyMessageOf(
  inbox: InboxConfig,
  source: Buffer,
  messageId: string | null,
  internalDate: Date | string | undefined,
): Promise<AgencyMessage | null> {
  const filed = internalDate ? new Date(internalDate) : new Date(0);
  const rec = await parseToRecord(
    source,
    { inbox: inbox.id, uid: 0, uidValidity: '', internalDate: filed, size: source.length, messageId },
    { now: filed },
  );
  if (rec.error) return null;
  const domains = [inbox.address, ...inbox.aliases].map((a) => a.split('@')[1]!.toLowerCase());
  if (messageId && isOwnMessageId(messageId, domains)) return null;
  return {
    inbox: inbox.id,
    messageId,
    inReplyTo: rec.inReplyTo,
    references: rec.references,
    to: [...rec.to, ...rec.cc].map((a) => a.address.toLowerCase()),
    subject: rec.subject,
    // The Date header says when the person wrote it; a missing or unreadable one falls back to when it was filed.
    at: rec.date ?? filed.toISOString(),
    text: newTextOf(rec),
    via: 'sent-folder',
  };
}
