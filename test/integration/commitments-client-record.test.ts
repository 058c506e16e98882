import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/principal.ts';
import { addClientNote, clientRecord } from '../../src/commitments/client-record.ts';
import { API_ADMIN, leadPrincipal } from '../harness/principals.ts';
import { invoiceRecord } from '../harness/records.ts';
import { clientWrites, commitmentsEnv, type CommitmentsEnv } from './commitments-support.ts';

/**
 * The client record (issue 13, item 5) as data: one client or a whole domain — their messages and our replies in
 * order, their tone over time, commitments kept and breached, invoices with reminders, and leads' notes.
 */

const lea: Principal = {
  kind: 'user',
  actor: 'lea@agency.test',
  name: 'Lea Nord',
  role: 'lead',
  inboxes: new Set(['studio']),
};
const ANNA = { address: 'anna@client.test', name: 'Anna Berg' };
const OLLE = { address: 'olle@client.test', name: 'Olle Ek' };

let env: CommitmentsEnv;
beforeAll(async () => {
  env = await commitmentsEnv('cm-client', { now: '2026-11-23T09:00:00.000Z' });
  await clientWrites(env, {
    messageId: '<r1@client.test>',
    at: '2026-11-23T09:00:00.000Z',
    from: ANNA,
    subject: 'Menu',
  });
  env.clock.set('2026-11-23T10:00:00.000Z');
  await clientWrites(env, {
    messageId: '<r1-ours@agency.test>',
    at: '2026-11-23T10:00:00.000Z',
    from: { address: env.user.address, name: 'Maja Lind' },
    subject: 'Re: Menu',
    inReplyTo: '<r1@client.test>',
    references: ['<r1@client.test>'],
    text: 'The new menu is online.',
  });
  env.clock.set('2026-11-24T09:00:00.000Z');
  await clientWrites(env, {
    messageId: '<r2@client.test>',
    at: '2026-11-24T09:00:00.000Z',
    from: ANNA,
    subject: 'Prices WRONG',
    text: 'The prices are wrong AGAIN.',
    triage: { angry: true, angerScore: 0.85 },
  });
  await clientWrites(env, {
    messageId: '<r3@client.test>',
    at: '2026-11-24T09:30:00.000Z',
    from: OLLE,
    subject: 'Logo',
  });
  await env.ctx.stores.invoices.create(invoiceRecord({ client: { email: ANNA.address, name: 'Client AB' } }));
  env.clock.set('2026-11-24T12:00:00.000Z');
  await addClientNote(env.ctx, lea, {
    inbox: 'studio',
    address: ANNA.address,
    text: 'Prefers a phone call when upset.',
  });
});
afterAll(() => env.close());

describe('the client record', () => {
  it('one client: messages both ways in order, tone over time, commitments, invoices, notes', async () => {
    const r = await clientRecord(env.ctx, lea, { address: ANNA.address });
    expect(r.addresses).toEqual([ANNA.address]);
    expect(r.timeline.map((e) => [e.direction, e.subject, e.via ?? null])).toEqual([
      ['in', 'Menu', null],
      ['out', 'Re: Menu', 'inbox'],
      ['in', 'Prices WRONG', null],
    ]);
    expect(r.tone.map((t) => [t.at, t.angry])).toEqual([
      ['2026-11-23T09:00:00.000Z', false],
      ['2026-11-24T09:00:00.000Z', true],
    ]);
    expect(r.commitments).toMatchObject({ kept: 1, breached: 0, waiting: 1, closed: 0 });
    expect(r.commitments.list[0]).toMatchObject({ status: 'kept', firstResponseBusinessHours: 1 });
    expect(r.invoices).toEqual([
      expect.objectContaining({ number: '2026-014', amount: 12500, status: 'open', reminders: [] }),
    ]);
    expect(r.notes).toEqual([
      expect.objectContaining({
        author: 'lea@agency.test',
        text: 'Prefers a phone call when upset.',
        at: '2026-11-24T12:00:00.000Z',
      }),
    ]);
  });

  it('a whole domain, merged in order', async () => {
    const r = await clientRecord(env.ctx, API_ADMIN, { domain: 'client.test' });
    expect(r.addresses).toEqual([ANNA.address, OLLE.address]);
    expect(r.timeline.map((e) => e.subject)).toEqual(['Menu', 'Re: Menu', 'Prices WRONG', 'Logo']);
    expect(r.commitments.waiting).toBe(2);
  });

  it('only for the inboxes one may see, and only for plausible input', async () => {
    await expect(
      clientRecord(env.ctx, leadPrincipal(['other']), { inbox: 'studio', address: ANNA.address }),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      (await clientRecord(env.ctx, leadPrincipal(['other']), { address: ANNA.address })).timeline,
    ).toEqual([]);
    await expect(clientRecord(env.ctx, lea, {})).rejects.toMatchObject({ status: 400 });
    await expect(clientRecord(env.ctx, lea, { domain: 'not a domain' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      addClientNote(env.ctx, lea, { inbox: 'studio', address: ANNA.address, text: '   ' }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
