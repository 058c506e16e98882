import { describe, expect, it } from 'vitest';
import { triage, triageInputOf, type TriageInput, type TriageSettings } from '../../src/triage/triage.ts';
import type { ToneClassifier } from '../../src/triage/tone/classifier.ts';
import { triageResult } from '../../src/model/triage-result.ts';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';
import { messageRecord } from '../harness/records.ts';

/**
 * A tiny but real ToneClassifier for composing logic only: anger = share of angry words plus shouting.
 * The built-in model is tested on its own; here what matters is what text reaches it and what is done with it.
 */
const seen: Array<{ text: string; language: string }> = [];
const tiny: ToneClassifier = {
  name: 'tiny-test-lexicon',
  score(body, language, subject = '') {
    // The tiny lexicon reads subject and text as one, as the built-in model does.
    const text = subject && body ? `${subject}\n\n${body}` : body || subject;
    seen.push({ text, language });
    const cues: string[] = [];
    for (const w of [
      'unacceptable',
      'oacceptabelt',
      'inakzeptabel',
      'inaccettabile',
      'inacceptable',
      'inaceptable',
    ]) {
      if (text.toLowerCase().includes(w)) cues.push(w);
    }
    if (/\b[A-ZÅÄÖ]{4,}\b.*\b[A-ZÅÄÖ]{4,}\b/.test(text)) cues.push('shouting in capitals');
    const words = cues.filter((c) => c !== 'shouting in capitals').length;
    return { score: Math.min(1, words * 0.6 + (cues.length - words) * 0.45), cues };
  },
};

const stockholm: TriageSettings = {
  calendar: {
    timezone: 'Europe/Stockholm',
    officeHours: DEFAULT_OFFICE_HOURS, // Mon–Fri 09:00–17:00
    holidays: { country: 'SE', closed: [] },
  },
  ownAddresses: ['lead@agency.example'],
  knownCorrespondentsOnly: false,
  angerThreshold: 0.5,
  ownMessageIdDomains: [],
};
const facts = { recentlyAcknowledged: false, isKnownSender: true };

function input(over: Partial<TriageInput> = {}): TriageInput {
  return {
    messageId: '<m1@client.example>',
    from: { address: 'anna@client.example', name: 'Anna' },
    to: [{ address: 'lead@agency.example', name: '' }],
    cc: [],
    returnPath: 'anna@client.example',
    subject: 'Re: New website',
    references: [],
    autoHeaders: {},
    text: 'Thanks, the drafts look good.',
    html: null,
    arrivedAt: new Date('2026-11-23T10:00:00Z'),
    ...over,
  };
}

describe('triage composes the decisions', () => {
  it('produces the contract shape for a calm in-hours message', () => {
    const r = triage(input(), stockholm, tiny, facts);
    expect(triageResult.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      language: 'en',
      angry: false,
      afterHours: false,
      receivedAt: '2026-11-23T10:00:00.000Z',
      localTime: '2026-11-23T11:00:00',
      nextOpening: '2026-11-23T11:00:00+01:00',
      autoReply: { allowed: true },
      payment: 'none',
      invoice: null,
      categories: [],
    });
  });

  it('flags a Friday-night angry Swedish payment promise with all its categories', () => {
    const r = triage(
      input({
        text: 'Det här är OACCEPTABELT. Vi betalar faktura 2041 på måndag, men ERA MEJL måste sluta.',
        arrivedAt: new Date('2026-11-20T22:14:00Z'),
      }),
      stockholm,
      tiny,
      facts,
    );
    expect(r).toMatchObject({
      language: 'sv',
      angry: true,
      afterHours: true,
      localTime: '2026-11-20T23:14:00',
      nextOpening: '2026-11-23T09:00:00+01:00',
      payment: 'promise',
      invoice: '2041',
      categories: ['angry', 'after-hours', 'payment'],
    });
    expect(r.cues).toContain('shouting in capitals');
  });

  it('does not let anger in quoted history make a polite reply angry', () => {
    const r = triage(
      input({
        text: 'Thank you, that solves it.\n\nOn Fri, 20 Nov 2026 at 22:14, Anna <anna@client.example> wrote:\n> This is UNACCEPTABLE, WHERE IS IT?',
      }),
      stockholm,
      tiny,
      facts,
    );
    expect(r.angry).toBe(false);
    expect(seen.at(-1)!.text).toBe('Thank you, that solves it.');
  });

  it('keeps an angry reply angry above a polite quote', () => {
    const r = triage(
      input({ text: 'This is unacceptable. NOTHING WORKS.\n\n> Thank you for your patience, kind regards.' }),
      stockholm,
      tiny,
      facts,
    );
    expect(r.angry).toBe(true);
  });

  it('judges HTML-only mail on the text derived from its HTML', () => {
    const r = triage(
      input({ text: '', html: '<p>This is <b>UNACCEPTABLE</b>. Where is MY invoice INV-2041?</p>' }),
      stockholm,
      tiny,
      facts,
    );
    expect(r).toMatchObject({ angry: true, invoice: 'INV-2041' });
  });

  it('adds the automated category and refuses an auto-reply for a mailing list', () => {
    const r = triage(input({ autoHeaders: { 'list-id': ['<news.example>'] } }), stockholm, tiny, facts);
    expect(r.autoReply).toEqual({ allowed: false, reason: 'list' });
    expect(r.categories).toEqual(['automated']);
  });

  it('judges anger on personal mail only: an angry mailing-list post keeps its score but is not flagged', () => {
    const angry = { subject: 'UNACCEPTABLE delay on INV-77', text: 'WHERE IS IT' };
    const personal = triage(input(angry), stockholm, tiny, facts);
    const list = triage(
      input({ ...angry, autoHeaders: { 'list-id': ['<news.example>'] } }),
      stockholm,
      tiny,
      facts,
    );
    expect(personal.angry).toBe(true);
    expect(list).toMatchObject({ angry: false, angerScore: personal.angerScore, categories: ['automated'] });
    expect(list.angerLevel).not.toMatch(/upset|hostile/);
  });

  it('passes the rate-limit fact through', () => {
    const r = triage(input(), stockholm, tiny, { recentlyAcknowledged: true, isKnownSender: true });
    expect(r.autoReply).toEqual({ allowed: false, reason: 'rate-limited' });
    expect(r.categories).toEqual([]);
  });

  it('uses a fresh subject for tone and the subject for the invoice number', () => {
    const r = triage(
      input({ subject: 'UNACCEPTABLE delay on INV-77', text: 'WHERE IS IT' }),
      stockholm,
      tiny,
      facts,
    );
    expect(r).toMatchObject({ angry: true, invoice: 'INV-77' });
  });

  it('answers und and scores tone on empty text without throwing', () => {
    const r = triage(input({ text: '> only quoted', subject: 'Re: x' }), stockholm, tiny, facts);
    expect(r).toMatchObject({ language: 'und', angry: false, angerScore: 0 });
  });

  it('refuses an invalid arrival time with a clear error instead of scanning the calendar', () => {
    expect(() => triage(input({ arrivedAt: new Date('nope') }), stockholm, tiny, facts)).toThrow(
      /not a valid date/,
    );
  });

  it("takes a record's INTERNALDATE as arrival, falling back to Date and then the ingest time", () => {
    const rec = messageRecord({
      date: '2026-11-20T10:00:00.000Z',
      internalDate: '2026-11-20T22:14:00.000Z',
      ingestedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(triageInputOf(rec).arrivedAt.toISOString()).toBe('2026-11-20T22:14:00.000Z');
    expect(triageInputOf({ ...rec, internalDate: 'garbage' }).arrivedAt.toISOString()).toBe(
      '2026-11-20T10:00:00.000Z',
    );
    expect(triageInputOf({ ...rec, internalDate: 'garbage', date: null }).arrivedAt.toISOString()).toBe(
      '2026-11-21T00:00:00.000Z',
    );
  });

  it('clamps a misbehaving classifier score into [0, 1]', () => {
    const wild: ToneClassifier = { name: 'wild', score: () => ({ score: Number.NaN, cues: [] }) };
    expect(triage(input(), stockholm, wild, facts).angerScore).toBe(0);
  });
});

describe('triage and the office-hours cache', () => {
  it('prints the local wall time without milliseconds and keeps them in receivedAt', () => {
    const r = triage(input({ arrivedAt: new Date('2026-11-20T22:14:00.789Z') }), stockholm, tiny, facts);
    expect(r).toMatchObject({ receivedAt: '2026-11-20T22:14:00.789Z', localTime: '2026-11-20T23:14:00' });
  });

  it("answers per calendar object: a second calendar with a closed day is not served the first one's hours", () => {
    const monday = input({ arrivedAt: new Date('2026-11-23T10:00:00Z') });
    expect(triage(monday, stockholm, tiny, facts).afterHours).toBe(false);
    const closed: TriageSettings = {
      ...stockholm,
      calendar: { ...stockholm.calendar, holidays: { country: 'SE', closed: ['2026-11-23'] } },
    };
    expect(triage(monday, closed, tiny, facts)).toMatchObject({
      afterHours: true,
      nextOpening: '2026-11-24T09:00:00+01:00',
    });
    expect(triage(monday, stockholm, tiny, facts).afterHours).toBe(false);
  });
});

describe('triage across the Stockholm DST switches', () => {
  const at = (iso: string) => triage(input({ arrivedAt: new Date(iso) }), stockholm, tiny, facts);

  it('spring forward, Sun 2026-03-29: closed, opens Mon 09:00 +02:00', () => {
    const r = at('2026-03-29T01:30:00Z'); // 03:30 CEST, just after the 02:00 → 03:00 jump
    expect(r).toMatchObject({
      afterHours: true,
      localTime: '2026-03-29T03:30:00',
      nextOpening: '2026-03-30T09:00:00+02:00',
    });
  });
  it('first Monday after spring forward: 08:59 CEST is closed, 09:00 CEST open', () => {
    expect(at('2026-03-30T06:59:00Z')).toMatchObject({ afterHours: true, localTime: '2026-03-30T08:59:00' });
    expect(at('2026-03-30T07:00:00Z')).toMatchObject({
      afterHours: false,
      nextOpening: '2026-03-30T09:00:00+02:00',
    });
  });
  it('fall back, Sun 2026-10-25: the repeated hour is closed, opens Mon 09:00 +01:00', () => {
    const r = at('2026-10-25T01:30:00Z'); // 02:30 CET, the second pass through 02:00–03:00
    expect(r).toMatchObject({
      afterHours: true,
      localTime: '2026-10-25T02:30:00',
      nextOpening: '2026-10-26T09:00:00+01:00',
    });
  });
  it('the Friday before fall back is still CEST: 16:59 open, 17:00 closed', () => {
    expect(at('2026-10-23T14:59:00Z')).toMatchObject({ afterHours: false, localTime: '2026-10-23T16:59:00' });
    expect(at('2026-10-23T15:00:00Z')).toMatchObject({
      afterHours: true,
      nextOpening: '2026-10-26T09:00:00+01:00',
    });
  });
});
