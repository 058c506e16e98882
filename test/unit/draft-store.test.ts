import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { ManualClock } from '../../src/clock.ts';
import type { DraftStore, NewDraft } from '../../src/store/drafts.ts';
import { createStores } from '../../src/store/stores.ts';

const prefix = uniquePrefix('draft-store');
let redis: Redis;
let store: DraftStore;
const clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
beforeAll(() => {
  redis = new Redis(redisUrl());
  store = createStores(redis, prefix, { clock }).drafts;
});
afterAll(async () => {
  await redis.quit();
  await wipePrefix(prefix);
});

const draft = (over: Partial<NewDraft> = {}): NewDraft => ({
  inbox: 'studio',
  messageId: '<m@x>',
  recordId: 'rec1',
  invoiceId: null,
  step: null,
  kind: 'angry',
  language: 'en',
  to: 'a@client.test',
  cc: [],
  subject: 'Re: x',
  body: 'Hello\n',
  inReplyTo: '<m@x>',
  references: ['<m@x>'],
  unattended: false,
  sendAt: null,
  promisedBy: null,
  priority: 0.5,
  ...over,
});

describe('DraftStore', () => {
  it('one draft per answered message: a repeat returns the stored one unchanged', async () => {
    const a = await store.createIfAbsent(draft());
    const b = await store.createIfAbsent(draft({ body: 'Different\n' }));
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.draft).toEqual(a.draft);
    expect(a.draft.outgoingMessageId).toMatch(/^<tactful-/);
  });

  it('one draft per (invoice, step)', async () => {
    const r = draft({ recordId: null, invoiceId: 'INV-7', step: 2, kind: 'payment-reminder' });
    const a = await store.create(r);
    const b = await store.create({ ...r, subject: 'other' });
    expect(a.id).toBe('r_INV-7_2');
    expect(b.subject).toBe(a.subject);
    expect((await store.create({ ...r, step: 3 })).id).toBe('r_INV-7_3');
  });

  it('a transition is compare-and-set: of ten concurrent approvals exactly one wins, with one audit entry', async () => {
    const d = await store.create(draft({ recordId: 'race' }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.transition(d.id, { from: ['pending'], to: 'scheduled', actor: `lead${i}`, action: 'approved' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const after = (await store.get(d.id))!;
    expect(after.status).toBe('scheduled');
    expect(after.audit.filter((a) => a.action === 'approved')).toHaveLength(1);
  });

  it('lists newest first, by inbox and status, from the per-inbox indexes', async () => {
    clock.advance(60_000);
    await store.create(draft({ recordId: 'newest' }));
    const pending = await store.list({ inboxes: ['studio'], status: ['pending'] });
    expect(pending[0]!.recordId).toBe('newest');
    expect(pending.every((d) => d.status === 'pending')).toBe(true);
    const scheduled = await store.list({ inboxes: ['studio'], status: ['scheduled'] });
    expect(scheduled.map((d) => d.recordId)).toEqual(['race']);
    expect(await store.list({ inboxes: ['other'] })).toEqual([]);
    await store.create(draft({ recordId: 'elsewhere', inbox: 'other' }));
    expect((await store.list()).map((d) => d.inbox).sort()).toEqual([
      'other',
      'studio',
      'studio',
      'studio',
      'studio',
      'studio',
    ]);
    expect((await store.list({ inboxes: ['studio'], limit: 2 })).length).toBe(2);
  });

  it('refuses odd ids instead of building keys from them', async () => {
    expect(await store.get('../../x')).toBeNull();
    expect(await store.get('a:b')).toBeNull();
  });
});
