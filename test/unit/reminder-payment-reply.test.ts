import { describe, expect, it } from 'vitest';
import { buildPaymentReply, type PaymentReplyKind } from '../../src/reminders/payment-reply.ts';
import { formatAmount, formatDate } from '../../src/reminders/format.ts';
import { renderReply } from '../../src/drafts/reply-text.ts';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { LANGUAGES, type Language } from '../../src/model/languages.ts';
import { offlineConfig } from '../harness/config.ts';
import { invoiceRecord, messageRecord, triageResult } from '../harness/records.ts';

const config = offlineConfig();
const inbox = config.inboxes[0]!;

const invoice = invoiceRecord({
  id: 'inv0123',
  number: 'NS-2026-014',
  client: { email: 'ap@client.test', name: 'Client AB', language: 'sv' },
  amount: 12500.5,
  currency: 'EUR',
  issuedAt: '2026-10-01',
  dueDate: '2026-11-01',
  createdAt: '2026-10-01T08:00:00Z',
  updatedAt: '2026-10-01T08:00:00Z',
});

/** A client's mail on Friday 20 November 2026, 23:00 in Stockholm (after hours), in `language`. */
function mail(language: string, payment: TriageResult['payment'], over: Partial<MessageRecord> = {}) {
  const triage = triageResult({
    language,
    angerScore: 0.2,
    afterHours: true,
    payment,
    invoice: 'NS-2026-014',
    categories: ['after-hours', 'payment'],
  });
  return {
    ...messageRecord({
      id: 'rec42',
      uid: 7,
      messageId: '<claire-1@client.test>',
      from: { address: 'claire@client.test', name: 'Claire Martin' },
      returnPath: 'claire@client.test',
      subject: 'Re: Facture NS-2026-014',
      inReplyTo: '<invoice-14@northlight.test>',
      references: ['<invoice-14@northlight.test>'],
      text: '…',
      ...over,
    }),
    triage,
  };
}

const NOW = new Date('2026-11-20T22:05:00Z');
const build = (language: string, payment: TriageResult['payment'], promisedDate: string | null = null) =>
  buildPaymentReply({ config, inbox, invoice, record: mail(language, payment), promisedDate, now: NOW })!;

const KINDS: Array<[TriageResult['payment'], PaymentReplyKind]> = [
  ['promise', 'promise'],
  ['paid', 'paid'],
  ['dispute', 'dispute'],
  ['extension', 'extension'],
  ['none', 'other'],
];

/** Register of business mail per language (docs/tone-rules.md: Sie, Lei, vous, usted; Swedish du). */
const REGISTER: Record<Language, RegExp> = {
  en: /Kind regards/,
  sv: /\b(du|dig|ditt)\b/,
  de: /\b(Sie|Ihnen|Ihre)\b/,
  it: /\b(La|Le|Sua|Suo)\b/,
  fr: /\b(vous|votre)\b/,
  es: /\b(le|su|usted|tiene|puede)\b/,
};
const INFORMAL: Partial<Record<Language, RegExp>> = {
  de: /\b(du|dich|dir|dein\w*)\b/i,
  fr: /\b(tu|toi|ton|ta|tes)\b/i,
  it: /\b(tu|ti|tuo|tua|tuoi)\b/i,
  es: /\b(tú|tu|tus)\b/i,
};
// Monday 23 November 09:00 + 24 business hours = Wednesday 25 November 17:00 in Stockholm.
const ANSWER_BY = new Date('2026-11-25T16:00:00Z');

describe('payment reply drafts (a lead answers a client about an invoice)', () => {
  for (const language of LANGUAGES) {
    for (const [payment, kind] of KINDS) {
      it(`${language} ${kind}: thanks, names the invoice by number and amount, in the right register`, () => {
        const d = build(language, payment, payment === 'promise' ? '2026-12-15' : null);
        expect(d.language).toBe(language);
        expect(d.body).toContain('NS-2026-014');
        expect(d.body).toContain(formatAmount(12500.5, 'EUR', language));
        expect(d.body).toMatch(REGISTER[language]);
        if (INFORMAL[language]) expect(d.body).not.toMatch(INFORMAL[language]!);
        expect(d.body).toContain('Anna Berg\nAccount Lead\nNorthlight Studio');
        expect(d.body).not.toMatch(/<%|undefined|NaN|\n\n\n/);
        if (payment === 'promise') expect(d.body).toContain(formatDate('2026-12-15', language));
        // A dispute, a request for time or another question is answered by a concrete time.
        if (['dispute', 'extension', 'other'].includes(kind)) {
          expect(d.promisedBy).toBe(ANSWER_BY.toISOString());
          expect(d.body).toMatch(/25|17:00/);
        } else expect(d.promisedBy).toBeNull();
      });
    }
  }

  it('is a pending task for a lead with the invoice beside the message, never an unattended note', () => {
    const d = build('fr', 'dispute');
    expect(d).toMatchObject({
      kind: 'payment-reply',
      invoiceId: 'inv0123',
      recordId: 'rec42',
      messageId: '<claire-1@client.test>',
      step: null,
      unattended: false,
      sendAt: null,
      to: 'claire@client.test',
      subject: 'Re: Facture NS-2026-014',
      inReplyTo: '<claire-1@client.test>',
      references: ['<invoice-14@northlight.test>', '<claire-1@client.test>'],
    });
    // Above every payment reminder (those carry their step, 1–4) in the Payment group.
    expect(d.priority).toBeGreaterThan(4);
  });

  it('greets the person who wrote, by name; a company or shared address neutrally', () => {
    expect(build('fr', 'dispute').body).toMatch(/^Bonjour Claire Martin,\n/);
    expect(build('en', 'paid').body).toMatch(/^Dear Claire,\n/);
    const fromAccounts = buildPaymentReply({
      config,
      inbox,
      invoice,
      record: mail('de', 'paid', { from: { address: 'buchhaltung@client.test', name: 'Client AB' } }),
      promisedDate: null,
      now: NOW,
    })!;
    expect(fromAccounts.body).toMatch(/^Guten Tag,\n/);
  });

  it('a dispute says a person looks into it by a concrete time, and never argues', () => {
    const d = build('en', 'dispute');
    expect(d.body).toContain(
      'we will look into the invoice carefully and answer you by Wednesday 25 November, 17:00',
    );
    expect(d.body).not.toMatch(/\b(but|however|correct|as agreed|unfortunately)\b/i);
  });

  it('keeps how to render it again: the answer time follows the promised time, computed when it goes out', () => {
    const d = build('en', 'dispute');
    expect(d.render).toMatchObject({ template: 'payment-reply-dispute', language: 'en', urgent: false });
    // A lead moves the promise to Thursday 11:00: the text says so (src/drafts/reply-text.ts renders it).
    const moved = renderReply(config, inbox, d.render!, '2026-11-26T10:00:00.000Z', NOW).body;
    expect(moved).toContain('answer you by Thursday 26 November, 11:00 (Stockholm time)');
    expect(moved.replace(/Thursday 26 November, 11:00/, 'X')).toBe(
      d.body.replace(/Wednesday 25 November, 17:00/, 'X'),
    );
  });

  it('a promise without a date confirms nothing it was not told', () => {
    const d = build('en', 'promise', null);
    expect(d.body).not.toContain('will be made on');
    expect(d.body).toContain('if you can tell us roughly when it will be made');
  });

  it('answers in the language the client wrote in, else the invoice language', () => {
    expect(build('fr', 'paid').language).toBe('fr');
    expect(build('und', 'paid').language).toBe('sv');
  });

  it('is not drafted when nobody can be answered', () => {
    const record = mail('en', 'paid', { from: null, replyTo: [] });
    expect(buildPaymentReply({ config, inbox, invoice, record, promisedDate: null, now: NOW })).toBeNull();
  });
});
