import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { sendEnv, seedMessage, type SendEnv } from './send-support.ts';
import { triageResult } from '../harness/records.ts';
import { waitUntil } from '../harness/wait.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';
import { approveDraft } from '../../src/drafts/service.ts';
import { processSendJob } from '../../src/drafts/send-job.ts';
import { startSendWorker } from '../../src/workers/send.worker.ts';
import type { Principal } from '../../src/access/principal.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';

/**
 * Issue 12 on real Redis, Dovecot and an SMTP server, with a hand-moved clock: a lead can send now, chosen times
 * are handled honestly, dates are computed when the mail goes out, a late acknowledgement is withdrawn, and
 * urgent angry mail is promised an answer in hours.
 */

const lead: Principal = {
  kind: 'user',
  actor: 'maja@agency.test',
  name: 'Maja',
  role: 'lead',
  inboxes: new Set(['studio']),
};

let env: SendEnv;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  env = await sendEnv('drafts-schedule', { autoSend: { 'after-hours': false, angry: false } });
  worker = await startSendWorker(env.ctx);
});
afterAll(async () => {
  await worker.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;
let n = 0;

/** A client's mail of Friday 20 November 23:00 (Stockholm), its triage, and the draft made for it. */
async function draftFor(over: Partial<TriageResult> & { urgent?: boolean }, subject = 'Booking page') {
  n++;
  const rec = await seedMessage(env, { messageId: `<sched-${n}@client.test>`, subject }, triageResult(over));
  const made = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id });
  expect(made).toMatchObject({ outcome: 'drafted', status: 'pending' });
  return (made as { draftId: string }).draftId;
}

const bodyOf = async (raw: Buffer) => (await simpleParser(raw)).text ?? '';

describe('send now and honest scheduling', () => {
  it('"send now" on a Saturday night goes out at once, exactly once, with a warning for the lead', async () => {
    env.clock.set('2026-11-21T22:00:00Z'); // Saturday 23:00 in Stockholm: closed
    const id = await draftFor({ angry: true, angerScore: 0.9, afterHours: true, categories: ['angry'] });
    const before = env.sink.deliveries.length;
    const r = await approveDraft(env.ctx, lead, id, { sendNow: true });
    expect(r.sendAt).toBe('2026-11-21T22:00:00.000Z');
    expect(r.notes.join(' ')).toMatch(
      /outside office hours: the client learns that answers at 23:00 are possible/,
    );
    const sent = await waitUntil(
      () => drafts().get(id),
      (d) => d?.status === 'sent',
    );
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(sent!.audit.find((a) => a.action === 'approved')!.detail).toContain('outside office hours');
    // Rendered at 23:00 on Saturday: the team is not in, so the text names Monday's opening, not "now".
    const text = await bodyOf(env.sink.deliveries.at(-1)!.raw);
    expect(text).toContain('on Monday 23 November, 09:00 (Stockholm time)');
  });

  it('refuses a time in the past and one after the promised answer, with the reason', async () => {
    env.clock.set('2026-11-23T09:00:00Z'); // Monday 10:00, open
    const id = await draftFor({ angry: true, angerScore: 0.8, categories: ['angry'] });
    await expect(approveDraft(env.ctx, lead, id, { sendAt: '2026-11-23T08:00:00Z' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('is in the past'),
    });
    const d = (await drafts().get(id))!;
    const afterPromise = new Date(Date.parse(d.promisedBy!) + 3600_000).toISOString();
    await expect(approveDraft(env.ctx, lead, id, { sendAt: afterPromise })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('after the answer promised'),
    });
    expect((await drafts().get(id))!.status).toBe('pending'); // nothing changed
  });

  it('moves a time outside office hours to the next opening and says so', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const id = await draftFor({ angry: true, angerScore: 0.8, categories: ['angry'] });
    const r = await approveDraft(env.ctx, lead, id, { sendAt: '2026-11-23T19:30:00Z' }); // 20:30 Monday
    expect(r.sendAt).toBe('2026-11-24T08:00:00.000Z'); // Tuesday 09:00
    expect(r.notes).toEqual([expect.stringMatching(/^Moved to the next opening, Tue 24 Nov, 09:00/)]);
    await drafts().transition(id, { from: ['scheduled'], to: 'rejected', actor: 'test', action: 'rejected' });
  });
});

describe('dates computed when the mail goes out', () => {
  it('a lead changes the promised time before approving, and the text follows', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const id = await draftFor({ angry: true, angerScore: 0.8, categories: ['angry'] });
    const before = env.sink.deliveries.length;
    await approveDraft(env.ctx, lead, id, { promisedBy: '2026-11-23T15:00:00Z' });
    const d = await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
    );
    expect(d!.promisedBy).toBe('2026-11-23T15:00:00.000Z');
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(await bodyOf(env.sink.deliveries.at(-1)!.raw)).toContain(
      'by Monday 23 November, 16:00 (Stockholm time)',
    );
  });

  it('an edited text goes out as the lead wrote it, never re-rendered', async () => {
    env.clock.set('2026-11-23T09:00:00Z');
    const id = await draftFor({ afterHours: true, categories: ['after-hours'] });
    const before = env.sink.deliveries.length;
    await approveDraft(env.ctx, lead, id, { body: 'Hi Anna,\n\nWe will call you at 11.\n\nMaja\n' });
    await waitUntil(
      () => drafts().get(id),
      (x) => x?.status === 'sent',
    );
    expect(env.sink.deliveries.length - before).toBe(1);
    expect(await bodyOf(env.sink.deliveries.at(-1)!.raw)).toContain('We will call you at 11.');
    expect((await drafts().get(id))!.edited).toBe(true);
  });
});

describe('an after-hours acknowledgement that would arrive late', () => {
  it('is withdrawn at approval once the office has been open for two hours, with the reason', async () => {
    env.clock.set('2026-11-23T12:30:00Z'); // Monday 13:30: opened at 09:00, stale after 11:00
    const id = await draftFor({ afterHours: true, categories: ['after-hours'] });
    await expect(approveDraft(env.ctx, lead, id)).rejects.toMatchObject({ status: 409 });
    const d = (await drafts().get(id))!;
    expect(d.status).toBe('cancelled');
    expect(d.audit.at(-1)!.detail).toMatch(/too late for an after-hours acknowledgement/);
  });

  it('is withdrawn at send time when sending was held up past that point, and nothing is sent', async () => {
    env.clock.set('2026-11-23T08:30:00Z'); // Monday 09:30: in time
    const id = await draftFor({ afterHours: true, categories: ['after-hours'] });
    // Approved for a chosen time in time, but the send job only runs at 13:00 (SMTP down all morning).
    await drafts().transition(id, {
      from: ['pending'],
      to: 'scheduled',
      actor: 'maja@agency.test',
      action: 'approved',
      patch: { sendAt: '2026-11-23T08:30:00.000Z' },
    });
    env.clock.set('2026-11-23T12:00:00Z');
    const before = env.sink.deliveries.length;
    const out = await processSendJob(
      { ctx: env.ctx, transport: (i) => env.ctx.smtp.transport(i) },
      { draftId: id, inboxId: 'studio', attempt: 1 },
      { made: 0, max: 5 },
    );
    expect(out).toEqual({ outcome: 'cancelled', draftId: id });
    expect(env.sink.deliveries.length).toBe(before);
    expect((await drafts().get(id))!.audit.at(-1)!.detail).toMatch(/too late/);
  });
});

describe('urgent angry mail', () => {
  it('gets the short promise (4 business hours) and the first place in the queue', async () => {
    env.clock.set('2026-11-23T09:00:00Z'); // Monday 10:00
    const urgentId = await draftFor({ angry: true, angerScore: 0.6, categories: ['angry'], urgent: true });
    const calmId = await draftFor({ angry: true, angerScore: 0.95, categories: ['angry'] });
    const urgent = (await drafts().get(urgentId))!;
    const calm = (await drafts().get(calmId))!;
    expect(urgent.promisedBy).toBe('2026-11-23T13:00:00.000Z'); // 14:00 the same day
    expect(calm.promisedBy).toBe('2026-11-26T09:00:00.000Z'); // 24 business hours: Thursday 10:00
    expect(urgent.priority).toBeGreaterThan(calm.priority);
    expect(urgent.body).toContain('right now');
    expect(urgent.body).toContain('about your booking page');
  });
});
