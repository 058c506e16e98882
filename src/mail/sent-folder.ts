import type { ImapFlow } from 'imapflow';
import type { InboxConfig } from '../config/schema.ts';

/**
 * The IMAP side of sending: the Sent copy, the Message-ID search that makes a crash after SMTP acceptance
 * safe, the agency's own answers (which cancel an acknowledgement) and \Answered on the original.
 * Every call takes the mailbox lock (imapflow serialises commands per selected mailbox).
 */

async function inMailbox<T>(client: ImapFlow, mailbox: string, fn: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

const asList = (r: number[] | false | undefined) => (Array.isArray(r) ? r : []);

/** UIDs of messages in a mailbox whose Message-ID header is `messageId` (SEARCH HEADER is a substring match). */
export async function findByMessageId(
  client: ImapFlow,
  mailbox: string,
  messageId: string,
): Promise<number[]> {
  return inMailbox(client, mailbox, async () =>
    asList(await client.search({ header: { 'message-id': messageId } }, { uid: true })),
  );
}

/** APPENDs the exact bytes that go to SMTP, marked \Seen (a sent message is read). Returns the new UID. */
export async function appendSent(client: ImapFlow, mailbox: string, raw: Buffer): Promise<number | null> {
  const r = await client.append(mailbox, raw, ['\\Seen']);
  return r && typeof r.uid === 'number' ? r.uid : null;
}

export async function deleteByUid(client: ImapFlow, mailbox: string, uids: number[]): Promise<void> {
  if (uids.length === 0) return;
  await inMailbox(client, mailbox, () => client.messageDelete(uids.join(','), { uid: true }));
}

/**
 * Has someone from the agency answered the original already (by hand, from any client)? Looks for
 * messages with `In-Reply-To`/`References` naming the original in the Sent folder, and in the inbox for mail
 * from the inbox address or an alias. `ignore` is our own outgoing Message-ID (its Sent copy matches too).
 */
export async function agencyAnswered(
  client: ImapFlow,
  inbox: InboxConfig,
  originalId: string,
  ignore: string,
): Promise<boolean> {
  const own = new Set([inbox.address, ...inbox.aliases].map((a) => a.toLowerCase()));
  const check = async (mailbox: string, fromAgencyOnly: boolean) =>
    inMailbox(client, mailbox, async () => {
      const uids = new Set([
        ...asList(await client.search({ header: { 'in-reply-to': originalId } }, { uid: true })),
        ...asList(await client.search({ header: { references: originalId } }, { uid: true })),
      ]);
      if (uids.size === 0) return false;
      const msgs = await client.fetchAll([...uids].join(','), { envelope: true }, { uid: true });
      return msgs.some((m) => {
        // Our own messages (this draft's Sent copy, earlier acknowledgements) are not a person's answer.
        const id = m.envelope?.messageId ?? '';
        if (id === ignore || id.toLowerCase().startsWith('<tactful-')) return false;
        if (!fromAgencyOnly) return true;
        return (m.envelope?.from ?? []).some((a) => own.has((a.address ?? '').toLowerCase()));
      });
    });
  if (await check(inbox.imap.sentMailbox, false)) return true;
  return check(inbox.imap.mailbox, true);
}

/**
 * Sets \Answered on the original. By UID when the mailbox still has the UIDVALIDITY the record was made with;
 * otherwise (the server renumbered) found again by its Message-ID. Returns whether a message was flagged.
 */
export async function markAnswered(
  client: ImapFlow,
  inbox: InboxConfig,
  original: { uid: number; uidValidity: string; messageId: string | null },
): Promise<boolean> {
  return inMailbox(client, inbox.imap.mailbox, async () => {
    const mb = client.mailbox;
    let uids: number[] = [];
    if (mb && String(mb.uidValidity) === original.uidValidity) uids = [original.uid];
    else if (original.messageId)
      uids = asList(await client.search({ header: { 'message-id': original.messageId } }, { uid: true }));
    if (uids.length === 0) return false;
    return client.messageFlagsAdd(uids.join(','), ['\\Answered'], { uid: true });
  });
}
