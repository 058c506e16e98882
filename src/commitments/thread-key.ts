import { msgIdList, normaliseMsgId } from '../mail/threading.ts';

export interface Threaded {
  messageId: string | null;
  inReplyTo: string | string[] | null;
  references: string[];
}

/**
 * The Message-IDs that tie a message to its conversation (RFC 5322 §3.6.4), root first: References (oldest
 * first, as clients write them), then In-Reply-To, then its own id. `root` names a conversation nobody has seen
 * yet: the first reference, else the parent, else the message itself. A client whose mail program drops
 * References still lands in the right thread, because every id seen is linked to its thread (ThreadStore.link)
 * and looked up before a new root is chosen.
 */
export function threadIds(m: Threaded): { ids: string[]; root: string | null } {
  const refs = msgIdList(m.references);
  const parent = msgIdList(m.inReplyTo);
  const own = normaliseMsgId(m.messageId);
  const ids = [...refs, ...parent, ...(own ? [own] : [])].filter((id, i, all) => all.indexOf(id) === i);
  return { ids, root: refs[0] ?? parent[0] ?? own };
}
