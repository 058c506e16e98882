import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { composeReplyDraft, decideReplyKind, replyRecipient } from '../../src/drafts/compose.ts';
import { scheduleSendAt, inboxCalendar } from '../../src/drafts/send-at.ts';
import { offlineConfig } from '../harness/config.ts';
import { messageRecord, triageResult as triage } from '../harness/records.ts';

const config = offlineConfig({ language: 'en', signature: { name: 'Maja Lind', title: 'Account lead' } });
const inbox = config.inboxes[0]!;

/** A client's answer in one of our threads, with a Reply-To and a VERP bounce address. */
const record = (
  t: TriageResult,
  over: Partial<MessageRecord> = {},
): MessageRecord & { triage: TriageResult } => ({
  ...messageRecord({
    uid: 7,
    from: { address: 'anna@client.test', name: 'Berg, Anna' },
    replyTo: [{ address: 'team@client.test', name: '' }],
    returnPath: '<bounces+anna@client.test>',
    subject: 'SV: Lanseringen',
    internalDate: t.receivedAt,
    inReplyTo: '<m0@northlight.test>',
    references: ['<m0@northlight.test>'],
    text: 'hej',
    ...over,
  }),
  triage: t,
});

describe('which reply a message gets', () => {
  it.each([
    [{ afterHours: true }, 'after-hours'],
    [{ angry: true }, 'angry'],
    [{ angry: true, afterHours: true }, 'angry-after-hours'],
    [{}, null],
    [{ afterHours: true, categories: ['automated' as const] }, null],
    [{ angry: true, autoReply: { allowed: false, reason: 'list' as const } }, null],
    [{ angry: true, autoReply: { allowed: false, reason: 'noreply' as const } }, null],
    // The per-sender limit is for automatic responses; the draft job drops it only if it would be unattended.
    [{ angry: true, autoReply: { allowed: false, reason: 'rate-limited' as const } }, 'angry'],
    // A person's mail without Return-Path, or with an odd header, still gets a reply drafted for a lead.
    [{ angry: true, autoReply: { allowed: false, reason: 'no-return-path' as const } }, 'angry'],
    [{ afterHours: true, autoReply: { allowed: false, reason: 'malformed' as const } }, 'after-hours'],
    [{ angry: true, autoReply: { allowed: false, reason: 'bounce' as const } }, null],
  ])('%j → %s', (over, kind) => {
    expect(decideReplyKind(triage(over))).toBe(kind);
  });
});

describe('composing a reply draft', () => {
  it('after-hours Swedish mail → Swedish note naming the office hours and the next opening in Stockholm', () => {
    const now = new Date('2026-11-20T22:00:00Z'); // Friday 23:00 in Stockholm
    const d = composeReplyDraft({
      config,
      inbox,
      record: record(triage({ language: 'sv', afterHours: true })),
      kind: 'after-hours',
      now,
    })!;
    expect(d.language).toBe('sv');
    expect(d.unattended).toBe(true); // autoSend.after-hours defaults to true
    expect(d.to).toBe('bounces+anna@client.test'); // RFC 3834 §4: Return-Path only
    expect(d.subject).toBe('Auto: Lanseringen');
    expect(d.body).toContain('Hej Anna,');
    expect(d.body).toContain('måndag–fredag 09:00–17:00');
    // Rendered for the time it would go out (the opening): the team is in then.
    expect(d.body).toContain('Vi är på plats nu');
    expect(d.body).toContain('Maja Lind\nAccount lead\nNorthlight Studio');
    expect(d.inReplyTo).toBe('<m1@client.test>');
    expect(d.references).toEqual(['<m0@northlight.test>', '<m1@client.test>']);
    expect(d.outgoingMessageId).toMatch(/^<tactful-[0-9a-f-]+@northlight\.test>$/);
  });

  it('angry Italian mail at 23:00 on a Friday → one combined Italian draft for a lead, with a concrete promise', () => {
    const now = new Date('2026-11-20T22:00:00Z');
    const lead = { ...inbox, promiseBusinessHours: 12 };
    const d = composeReplyDraft({
      config,
      inbox: lead,
      record: record(triage({ language: 'it', angry: true, afterHours: true, angerScore: 0.9 })),
      kind: 'angry-after-hours',
      now,
    })!;
    expect(d.unattended).toBe(false); // autoSend.angry defaults to false: a lead approves
    expect(d.to).toBe('team@client.test'); // a human reply: Reply-To first
    expect(d.subject).toBe('Re: Riguardo al lancio'); // angry mail: a subject of our own words
    expect(d.priority).toBe(0.9);
    // Opening Monday 09:00 CET; 12 business hours → Tuesday 13:00 CET.
    expect(d.promisedBy).toBe('2026-11-24T12:00:00.000Z');
    expect(d.body).toContain('Gentile Anna Berg,');
    expect(d.body).toContain('martedì 24 novembre, ore 13:00 (ora di Stoccolma)');
    // The client's subject is never quoted back (docs/tone-rules.md); "Lanseringen" names no known matter.
    expect(d.body).not.toContain('Lanseringen');
  });

  it('the default promise is 24 business hours after the next opening', () => {
    const d = composeReplyDraft({
      config,
      inbox,
      record: record(triage({ language: 'de', angry: true })),
      kind: 'angry',
      now: new Date('2026-11-23T10:00:00Z'), // Monday 11:00 Stockholm, open
    })!;
    expect(d.promisedBy).toBe('2026-11-26T10:00:00.000Z'); // Thursday 11:00
    expect(d.body).toContain('Donnerstag, 26. November, 11:00 Uhr (Ortszeit Stockholm)');
  });

  it('no Return-Path → no unattended acknowledgement (RFC 3834 §4: no other address)', () => {
    expect(replyRecipient(record(triage(), { returnPath: null }), true)).toBeNull();
    expect(replyRecipient(record(triage(), { returnPath: '<>' }), true)).toBeNull();
    expect(replyRecipient(record(triage(), { replyTo: [] }), false)).toBe('anna@client.test');
    expect(
      replyRecipient(record(triage(), { replyTo: [{ address: 'a@b.c\r\nBcc: x@y.z', name: '' }] }), false),
    ).toBeNull();
  });
});

describe('when an approved reply goes out', () => {
  const cal = inboxCalendar(inbox);
  it('at the next opening, never at night, weekend or holiday', () => {
    expect(scheduleSendAt(cal, new Date('2026-11-20T22:00:00Z')).toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    // Thursday 24 Dec after 17:00; Friday 25 Dec is Christmas Day, then a weekend → Monday 28 Dec.
    expect(scheduleSendAt(cal, new Date('2026-12-24T17:00:00Z')).toISOString()).toBe(
      '2026-12-28T08:00:00.000Z',
    );
  });
  it('a requested time outside office hours rolls forward; one in the past means now', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(scheduleSendAt(cal, now, new Date('2026-11-28T10:00:00Z')).toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
    expect(scheduleSendAt(cal, now, new Date('2026-11-24T12:00:00Z')).toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
    expect(scheduleSendAt(cal, now, new Date('2020-01-01T00:00:00Z')).toISOString()).toBe(now.toISOString());
  });
});

describe('a person whose mail carries no Return-Path, or a display name with markup', () => {
  it('still gets a reply drafted for a lead, to Reply-To/From, greeted by the name without the markup', () => {
    const t = triage({ angry: true, autoReply: { allowed: false, reason: 'no-return-path' } });
    const kind = decideReplyKind(t)!;
    const d = composeReplyDraft({
      config,
      inbox: { ...inbox, autoSend: { ...inbox.autoSend, angry: true } },
      record: record(t, {
        returnPath: null,
        replyTo: [],
        from: { address: 'anna@client.test', name: 'Anna <Boss> Berg' },
      }),
      kind,
      now: new Date('2026-11-23T10:00:00Z'),
    })!;
    expect(kind).toBe('angry');
    expect(d.unattended).toBe(false); // RFC 3834 forbids an automatic one; a lead's reply is a person's
    expect(d.to).toBe('anna@client.test');
    expect(d.body.startsWith('Dear Anna,\n')).toBe(true);
  });
});

describe('urgent angry mail', () => {
  it('is promised a full answer within promiseBusinessHoursUrgent (4) and sorts above other angry mail', () => {
    const t = { ...triage({ language: 'en', angry: true, angerScore: 0.7 }), urgent: true } as TriageResult;
    const d = composeReplyDraft({
      config,
      inbox,
      record: record(t, { subject: 'Booking page down', text: 'Nobody can book since this morning.' }),
      kind: 'angry',
      now: new Date('2026-11-23T10:00:00Z'), // Monday 11:00 Stockholm
    })!;
    expect(d.promisedBy).toBe('2026-11-23T14:00:00.000Z'); // 15:00 the same day
    expect(d.priority).toBeGreaterThan(1);
    expect(d.body).toContain('about your booking page');
    expect(d.body).toContain('right now');
    expect(d.body).toContain('Monday 23 November, 15:00 (Stockholm time)');
  });
});
