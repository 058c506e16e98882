import type { AppContext } from '../context.ts';
import type { DraftRecord } from '../model/draft-record.ts';
import type { DraftPolicy, StillWanted } from '../drafts/policy.ts';

/**
 * The last look before a follow-up is approved or sent (wired in src/create-context.ts): the client may have
 * answered, or someone from the agency written again, while it waited for a lead.
 */
async function followUpStillWanted(ctx: AppContext, d: DraftRecord): Promise<StillWanted> {
  if (!d.followUp) return { wanted: true };
  const t = await ctx.stores.threads.get(d.inbox, d.followUp.thread);
  if (!t) return { wanted: true };
  if (t.lastClient && Date.parse(t.lastClient.at) > Date.parse(t.lastAgency?.at ?? d.createdAt))
    return { wanted: false, reason: 'the client answered in the meantime' };
  if (t.lastAgency && t.lastAgency.messageId !== d.messageId)
    return { wanted: false, reason: 'someone from the agency wrote to the client since' };
  return { wanted: true };
}

export const followUpDraftPolicy: DraftPolicy<AppContext> = {
  stillWanted: followUpStillWanted,
  sendAt: async () => null,
  // A person's answer to the message it follows up makes it obsolete, as for any reply.
  cancelledByAgencyAnswer: true,
};
