import type { AppContext } from '../context.ts';
import { threadIdFor, type ThreadRecord } from '../model/thread-record.ts';
import { threadIds, type Threaded } from './thread-key.ts';

/**
 * Finds (or founds) the conversation a message belongs to and links all its Message-IDs to it, so that the next
 * message naming any of them — from the client or from the agency, with or without References — lands in the
 * same thread. `fallback` names a thread for mail without any Message-ID (one message, one thread).
 */
export async function resolveThread(
  ctx: AppContext,
  inbox: string,
  m: Threaded,
  fallback: string,
): Promise<string> {
  const { ids, root } = threadIds(m);
  const id = (await ctx.stores.threads.lookup(inbox, ids)) ?? threadIdFor(inbox, root ?? fallback);
  await ctx.stores.threads.link(inbox, ids, id);
  return id;
}

/** A thread nobody has written in yet. */
export function emptyThread(inbox: string, id: string, root: string, now: string): ThreadRecord {
  return {
    id,
    inbox,
    root,
    client: null,
    subject: '',
    language: null,
    lastClient: null,
    lastAgency: null,
    followUps: [],
    owner: null,
    openCommitment: null,
    updatedAt: now,
  };
}

/** Has the client written since the agency's last message (so a follow-up is not needed)? */
export const clientAnsweredSince = (t: ThreadRecord, at: string) =>
  t.lastClient !== null && Date.parse(t.lastClient.at) > Date.parse(at);

/** Every inbox address and alias, lower case: mail from these is the agency's. */
export function ownAddresses(inbox: { address: string; aliases: string[] }): Set<string> {
  return new Set([inbox.address, ...inbox.aliases].map((a) => a.toLowerCase()));
}
