import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sendEnv, seedMessage, triageOf, waitUntil, type SendEnv } from './send-support.ts';
import { buildApp } from '../../src/web/app.ts';
import { QUEUE_DEFINITIONS } from '../../src/queue/definitions.ts';
import { getDraft } from '../../src/drafts/service.ts';
import { startDraftWorker } from '../../src/workers/draft.worker.ts';
import { processDraftJob } from '../../src/drafts/draft-job.ts';

const AUTH = { authorization: 'Bearer test-token-0123456789' };
/** Friday 20 November 2026, 23:00 in Rome. */
const FRIDAY_NIGHT = '2026-11-20T22:00:00Z';

let env: SendEnv;
let app: FastifyInstance;
let worker: { close(): Promise<void> };
let italianId: string;

beforeAll(async () => {
  env = await sendEnv('drafts-api', {
    timezone: 'Europe/Rome',
    language: 'en',
    promiseBusinessHours: 12,
    autoSend: { 'after-hours': false, angry: false },
  });
  app = await buildApp(env.ctx);
  worker = await startDraftWorker(env.ctx);
});
afterAll(async () => {
  await worker.close();
  await app.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;

describe('angry mail at night, through the draft queue', () => {
  it('Italian, Friday 23:00 → one combined Italian draft, pending, promising a concrete Tuesday time', async () => {
    env.clock.set(FRIDAY_NIGHT);
    const rec = await seedMessage(
      env,
      {
        messageId: '<it1@cliente.test>',
        from: { address: 'giulia@cliente.test', name: 'ROSSI, GIULIA' },
        subject: 'Sito ANCORA offline!!!',
      },
      triageOf({
        language: 'it',
        angry: true,
        afterHours: true,
        angerScore: 0.92,
        categories: ['angry', 'after-hours'],
      }),
    );
    const job = { inboxId: 'studio', recordId: rec.id };
    await env.ctx.queues.draft.add('draft', job, { jobId: QUEUE_DEFINITIONS.draft.jobId(job) });
    await env.ctx.queues.draft.add('draft', job, { jobId: `${QUEUE_DEFINITIONS.draft.jobId(job)}_again` }); // a duplicate run
    const list = await waitUntil(
      () => drafts().list({ inboxes: ['studio'] }),
      (l) => l.length > 0,
    );
    const jobAgain = await env.ctx.queues.draft.getJob(`${QUEUE_DEFINITIONS.draft.jobId(job)}_again`);
    await waitUntil(
      () => jobAgain!.getState(),
      (s) => s === 'completed',
    );
    expect(await drafts().list({ inboxes: ['studio'] })).toHaveLength(1);
    const d = list[0]!;
    italianId = d.id;
    expect(d).toMatchObject({
      kind: 'angry-after-hours',
      language: 'it',
      status: 'pending',
      unattended: false,
    });
    // Next opening Monday 09:00 Rome; 12 business hours later: Tuesday 13:00 Rome = 12:00 UTC.
    expect(d.promisedBy).toBe('2026-11-24T12:00:00.000Z');
    expect(d.body).toContain('Gentile Giulia Rossi,');
    expect(d.body).toContain('martedì 24 novembre, ore 13:00');
    expect(d.body).not.toMatch(/!!!|ANCORA/); // never mirrors the tone
    expect(d.subject).toBe('Re: Riguardo al Suo sito web'); // a subject of our own, never theirs
  });
});

describe('GET /api/drafts', () => {
  it('lists pending drafts with the contract fields', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/drafts?status=pending&inbox=studio',
      headers: AUTH,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { drafts: Array<Record<string, unknown>> };
    expect(body.drafts).toHaveLength(1);
    for (const k of [
      'id',
      'inbox',
      'messageId',
      'kind',
      'language',
      'to',
      'subject',
      'body',
      'sendAt',
      'status',
    ])
      expect(body.drafts[0]).toHaveProperty(k);
    expect(body.drafts[0]).toMatchObject({
      id: italianId,
      messageId: '<it1@cliente.test>',
      to: 'giulia@cliente.test',
    });
  });

  it('needs a token; rejects an unknown status', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/drafts' })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'GET', url: '/api/drafts?status=lost', headers: AUTH });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request' });
  });
});

describe('POST /api/drafts/:id/approve and /reject', () => {
  it('400 on bad JSON, unknown fields or an over-long subject', async () => {
    const url = `/api/drafts/${italianId}/approve`;
    const headers = { ...AUTH, 'content-type': 'application/json' };
    expect((await app.inject({ method: 'POST', url, headers, payload: '{"subject":' })).statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url, headers, payload: { to: 'x@evil.test' } })).statusCode,
    ).toBe(400);
    const long = await app.inject({ method: 'POST', url, headers, payload: { subject: 'x'.repeat(301) } });
    expect(long.statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url, headers, payload: { sendAt: 'tomorrow' } })).statusCode,
    ).toBe(400);
  });

  it('404 for an unknown id', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/drafts/m_nope/approve', headers: AUTH });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });

  it('approve with an edited body → scheduled for the next opening (a Saturday request rolls to Monday)', async () => {
    env.clock.set('2026-11-21T08:00:00Z'); // Saturday morning
    const res = await app.inject({
      method: 'POST',
      url: `/api/drafts/${italianId}/approve`,
      headers: AUTH,
      payload: {
        body: 'Gentile Giulia Rossi,\n\nci scusiamo per il disagio.\n',
        sendAt: '2026-11-21T10:00:00Z',
      },
    });
    expect(res.statusCode).toBe(200);
    // Saturday 11:00 is outside office hours: moved forward to Monday's opening, and the answer says so.
    expect(res.json()).toEqual({
      status: 'scheduled',
      sendAt: '2026-11-23T08:00:00.000Z',
      notes: [
        'Moved to the next opening, Mon 23 Nov, 09:00: Sat 21 Nov, 11:00 is outside office hours (Europe/Rome).',
      ],
    });
    const d = (await drafts().get(italianId))!;
    expect(d.audit.at(-1)).toMatchObject({ actor: 'api:test', action: 'approved' });
    expect(d.audit.at(-1)!.detail).toContain('edited body');
  });

  it('409 with a clear message when the draft is no longer pending', async () => {
    const again = await app.inject({
      method: 'POST',
      url: `/api/drafts/${italianId}/approve`,
      headers: AUTH,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      error: 'conflict',
      message: 'cannot approve a draft that is scheduled (only pending drafts)',
    });
  });

  it('reject withdraws a scheduled draft; rejecting again is a 409', async () => {
    const url = `/api/drafts/${italianId}/reject`;
    const res = await app.inject({
      method: 'POST',
      url,
      headers: AUTH,
      payload: { reason: 'Calling her instead' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'rejected' });
    expect((await app.inject({ method: 'POST', url, headers: AUTH })).statusCode).toBe(409);
  });

  it('a lead without access to the inbox gets 404, as if the draft did not exist', async () => {
    const outsider = {
      kind: 'user' as const,
      actor: 'x@agency.test',
      name: 'X',
      role: 'lead' as const,
      inboxes: new Set<string>(),
    };
    await expect(getDraft(env.ctx, outsider, italianId)).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });
});

describe('POST /api/drafts/:id/approve: send now, honest times, a new promise (issue 12)', () => {
  /** A pending angry reply to a mail of Friday 20 Nov, 23:00 in Rome (promise: Tuesday 13:00 Rome). */
  async function angryDraft(tag: string): Promise<string> {
    env.clock.set(FRIDAY_NIGHT);
    const rec = await seedMessage(
      env,
      { messageId: `<${tag}@cliente.test>`, from: { address: `${tag}@cliente.test`, name: 'Paola Neri' } },
      triageOf({ angry: true, afterHours: true, angerScore: 0.9, categories: ['angry', 'after-hours'] }),
    );
    const made = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id })) as {
      draftId: string;
    };
    return made.draftId;
  }
  const approve = (id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/drafts/${id}/approve`, headers: AUTH, payload });

  it('sendNow on a closed office goes out now, with the warning in notes', async () => {
    const id = await angryDraft('now1');
    env.clock.set('2026-11-21T21:30:00Z'); // Saturday 22:30 in Rome
    const res = await approve(id, { sendNow: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'scheduled',
      sendAt: '2026-11-21T21:30:00.000Z',
      notes: ['Sent now, outside office hours: the client learns that answers at 22:30 are possible.'],
    });
  });

  it('refuses a time in the past or after the promise (400 with the reason); the draft stays pending', async () => {
    const id = await angryDraft('times1');
    env.clock.set('2026-11-23T10:00:00Z'); // Monday 11:00 in Rome
    const past = await approve(id, { sendAt: '2026-11-23T07:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toEqual({
      error: 'bad_request',
      message: 'Mon 23 Nov, 08:00 (Europe/Rome) is in the past: choose a later time.',
    });
    const late = await approve(id, { sendAt: '2026-11-25T09:00:00Z' });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toContain('is after the answer promised to the client for Tue 24 Nov, 13:00');
    expect((await drafts().get(id))!.status).toBe('pending');
  });

  it('checks the new fields: sendNow is a boolean and excludes sendAt; promisedBy is an ISO time', async () => {
    const id = await angryDraft('fields1');
    const notBool = await approve(id, { sendNow: 'yes' });
    expect(notBool.statusCode).toBe(400);
    expect(notBool.json().message).toMatch(/^sendNow: /);
    const both = await approve(id, { sendNow: true, sendAt: '2026-11-24T09:00:00Z' });
    expect(both.json()).toEqual({
      error: 'bad_request',
      message: 'choose either sendNow or sendAt, not both',
    });
    const badPromise = await approve(id, { promisedBy: 'friday' });
    expect(badPromise.statusCode).toBe(400);
    expect(badPromise.json().message).toContain('promisedBy');
  });

  it('a new promisedBy flows into the text; the draft view keeps its fields', async () => {
    const id = await angryDraft('promise1');
    env.clock.set('2026-11-23T07:00:00Z'); // Monday 08:00 in Rome
    const res = await approve(id, { promisedBy: '2026-11-23T15:00:00Z' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['notes', 'sendAt', 'status']);
    const view = (await app.inject({ url: `/api/drafts/${id}`, headers: AUTH })).json().draft;
    expect(view.promisedBy).toBe('2026-11-23T15:00:00.000Z');
    expect(view.body).toContain('by Monday 23 November, 16:00 (Rome time)');
    for (const internal of ['render', 'edited', 'attempt', 'followUp', 'outgoingMessageId', 'references'])
      expect(view, internal).not.toHaveProperty(internal);
  });
});

describe('the client writes again before the reply went out', () => {
  it('the newer draft supersedes the older pending one (cancelled, with the reason in the audit)', async () => {
    env.clock.set('2026-11-23T10:00:00Z');
    const from = { address: 'leo@cliente.test', name: 'Leo' };
    const first = await seedMessage(
      env,
      { messageId: '<leo1@cliente.test>', from },
      triageOf({ angry: true }),
    );
    const second = await seedMessage(
      env,
      { messageId: '<leo2@cliente.test>', from },
      triageOf({ angry: true }),
    );
    const a = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: first.id })) as {
      draftId: string;
    };
    env.clock.set('2026-11-23T10:05:00Z');
    const b = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: second.id })) as {
      draftId: string;
    };
    const older = (await drafts().get(a.draftId))!;
    expect(older.status).toBe('cancelled');
    expect(older.audit.at(-1)).toMatchObject({ actor: 'tactful', action: 'superseded' });
    expect(older.audit.at(-1)!.detail).toContain(b.draftId);
    expect((await drafts().get(b.draftId))!.status).toBe('pending');
  });

  it('a separate matter from the same client keeps its own reply', async () => {
    const from = { address: 'eva@cliente.test', name: 'Eva' };
    const x = await seedMessage(
      env,
      { messageId: '<eva1@cliente.test>', from, subject: 'Fattura 12' },
      triageOf({ angry: true }),
    );
    const y = await seedMessage(
      env,
      { messageId: '<eva2@cliente.test>', from, subject: 'Logo nuovo' },
      triageOf({ angry: true }),
    );
    const a = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: x.id })) as { draftId: string };
    await processDraftJob(env.ctx, { inboxId: 'studio', recordId: y.id });
    expect((await drafts().get(a.draftId))!.status).toBe('pending');
  });
});

describe('an angry client who already got an acknowledgement this week', () => {
  it('still gets a calm reply drafted for a lead (the RFC 3834 limit is for automatic responses)', async () => {
    const rec = await seedMessage(
      env,
      { messageId: '<again@cliente.test>', from: { address: 'mia@cliente.test', name: 'Mia' } },
      triageOf({ angry: true, autoReply: { allowed: false, reason: 'rate-limited' } }),
    );
    const r = await processDraftJob(env.ctx, { inboxId: 'studio', recordId: rec.id });
    expect(r).toMatchObject({ outcome: 'drafted', status: 'pending' });
  });
});

describe('someone from the agency answers by hand', () => {
  it('their reply arriving in the inbox cancels Tactful’s waiting draft for that message', async () => {
    const client = await seedMessage(
      env,
      { messageId: '<ask@cliente.test>', from: { address: 'ugo@cliente.test', name: 'Ugo' } },
      triageOf({ angry: true }),
    );
    const made = (await processDraftJob(env.ctx, { inboxId: 'studio', recordId: client.id })) as {
      draftId: string;
    };
    const reply = await seedMessage(
      env,
      {
        messageId: '<by-hand@agency.test>',
        from: { address: env.user.address, name: 'Maja' },
        inReplyTo: '<ask@cliente.test>',
        references: ['<ask@cliente.test>'],
      },
      triageOf({ autoReply: { allowed: false, reason: 'own-address' } }),
    );
    expect(await processDraftJob(env.ctx, { inboxId: 'studio', recordId: reply.id })).toMatchObject({
      outcome: 'none',
    });
    const d = (await drafts().get(made.draftId))!;
    expect(d.status).toBe('cancelled');
    expect(d.audit.at(-1)!.detail).toContain(env.user.address);
  });
});
