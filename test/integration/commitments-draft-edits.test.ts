import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/principal.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { approveDraft, getDraft, saveDraftEdits } from '../../src/drafts/service.ts';
import { draftVersion, othersEditing } from '../../src/drafts/edit-conflicts.ts';
import { clientWrites, commitmentsEnv, type CommitmentsEnv } from './commitments-support.ts';

/**
 * Issue 13, item 7: two leads editing one draft see each other, and the second save is refused with 409 naming
 * the other lead — never a silent overwrite.
 */

const MON_10 = '2026-11-23T09:00:00.000Z';
const lea: Principal = {
  kind: 'user',
  actor: 'lea@agency.test',
  name: 'Lea Nord',
  role: 'lead',
  inboxes: new Set(['studio']),
};
const max: Principal = {
  kind: 'user',
  actor: 'max@agency.test',
  name: 'Max Berg',
  role: 'lead',
  inboxes: new Set(['studio']),
};

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-edits', { now: MON_10 });
});
afterAll(() => env.close());

async function angryDraft(tag: string) {
  const rec = await clientWrites(env, {
    messageId: `<${tag}@client.test>`,
    at: MON_10,
    triage: { angry: true, angerScore: 0.9 },
  });
  const out = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id })) as {
    draftId: string;
  };
  return getDraft(env.ctx, lea, out.draftId);
}

describe('two leads, one draft', () => {
  it('each sees the other editing; the second save on a changed draft is refused naming the first', async () => {
    const d = await angryDraft('e1');
    const v = draftVersion(d);
    expect(await othersEditing(env.ctx, lea, d.id)).toEqual([]);
    expect(await othersEditing(env.ctx, max, d.id)).toEqual([{ actor: 'lea@agency.test', name: 'Lea Nord' }]);
    expect(await othersEditing(env.ctx, lea, d.id)).toEqual([{ actor: 'max@agency.test', name: 'Max Berg' }]);

    env.clock.set('2026-11-23T09:02:00.000Z');
    const saved = await saveDraftEdits(env.ctx, lea, d.id, {
      body: 'Dear Anna,\n\nWe are on it.\n\nLea',
      version: v,
    });
    expect(saved).toMatchObject({ status: 'pending', edited: true });
    expect(draftVersion(saved)).toBe(v + 1);

    const refused = saveDraftEdits(env.ctx, max, d.id, { body: 'Hello Anna, sorry!', version: v });
    await expect(refused).rejects.toMatchObject({ code: 'edit_conflict', status: 409 });
    await expect(refused).rejects.toThrow('Lea Nord changed this draft (edited, 10:02) after you opened it');
    await expect(approveDraft(env.ctx, max, d.id, { version: v })).rejects.toMatchObject({ status: 409 });
    expect((await getDraft(env.ctx, max, d.id)).body).toBe('Dear Anna,\n\nWe are on it.\n\nLea');

    // Max reloads and approves Lea's text.
    const { draft } = await approveDraft(env.ctx, max, d.id, { version: v + 1 });
    expect(draft).toMatchObject({ status: 'scheduled', body: 'Dear Anna,\n\nWe are on it.\n\nLea' });
  });

  it('two saves at the same moment: exactly one wins, the other is told who won', async () => {
    const d = await angryDraft('e2');
    const v = draftVersion(d);
    const results = await Promise.allSettled([
      saveDraftEdits(env.ctx, lea, d.id, { body: 'Text by Lea', version: v }),
      saveDraftEdits(env.ctx, max, d.id, { body: 'Text by Max', version: v }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (await getDraft(env.ctx, lea, d.id)).body === 'Text by Lea' ? 'Lea Nord' : 'Max Berg';
    expect((lost[0]!.reason as Error).message).toContain(`${winner} changed this draft`);
  });
});
