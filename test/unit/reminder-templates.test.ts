import { describe, expect, it } from 'vitest';
import { buildReminderDraft } from '../../src/reminders/draft-content.ts';
import { formatAmount, formatDate, reminderSubject } from '../../src/reminders/format.ts';
import { planLadder } from '../../src/reminders/ladder.ts';
import { clientCalendar } from '../../src/reminders/calendar.ts';
import type { InvoiceRecord } from '../../src/model/invoice-record.ts';
import { LANGUAGES, type Language } from '../../src/model/languages.ts';
import { offlineConfig } from '../harness/config.ts';
import { invoiceRecord } from '../harness/records.ts';

const config = offlineConfig();
const inbox = config.inboxes[0]!;

/** 12,500.50 EUR (amounts with cents in every language), for a client who reads `language`. */
const invoice = (language: Language, over: Partial<InvoiceRecord> = {}): InvoiceRecord =>
  invoiceRecord({
    id: 'inv0123',
    number: 'NS-2026-014',
    client: { email: 'ap@client.test', name: 'Client AB', language },
    amount: 12500.5,
    currency: 'EUR',
    ...over,
  });

const draftFor = (inv: InvoiceRecord, step: number) => {
  const plan = planLadder(inv.dueDate, inbox.reminders.steps, clientCalendar(inbox, inv.client));
  return buildReminderDraft(config, inbox, inv, step, plan, new Date('2026-06-04T07:00:00Z'));
};

/** Words that would mean the wrong register for business mail (docs/tone-rules.md). */
const INFORMAL: Partial<Record<Language, RegExp>> = {
  de: /\b(du|dich|dir|dein\w*)\b/i,
  fr: /\b(tu|toi|ton|ta|tes)\b/i,
  it: /\b(tu|ti|tuo|tua|tuoi)\b/i,
  es: /\b(tú|te|tu|tus)\b/i,
};
const FORMAL: Record<Language, RegExp> = {
  en: /Kind regards/,
  sv: /\bdu\b/, // Swedish business mail is informal "du" but courteous
  de: /\bSie\b/,
  fr: /\bvous\b/,
  it: /\b(La|Le|Suoi|scriverLe)\b/,
  es: /\b(usted|Le|sus)\b/,
};

describe('payment reminder templates', () => {
  for (const language of LANGUAGES) {
    for (const step of [1, 2, 3, 4]) {
      it(`${language} step ${step}: invoice details in the client's locale, right register`, () => {
        const d = draftFor(invoice(language), step);
        expect(d.language).toBe(language);
        expect(d.body).toContain('NS-2026-014');
        expect(d.body).toContain(formatAmount(12500.5, 'EUR', language));
        expect(d.body).toContain(formatDate('2026-06-01', language));
        expect(d.body).toContain('Anna Berg\nAccount Lead\nNorthlight Studio');
        expect(d.body).not.toMatch(/<%|undefined|NaN/);
        expect(d.body).toMatch(FORMAL[language]);
        if (INFORMAL[language]) expect(d.body).not.toMatch(INFORMAL[language]!);
        // Step 3 names the date work pauses: the final step's day (due + 28 = Mon 29 June 2026).
        if (step === 3) expect(d.body).toContain(formatDate('2026-06-29', language));
      });
    }
  }

  /** What step 2 says when it asks for a payment date (docs/tone-rules.md: the second note asks for one). */
  const ASKS_FOR_DATE: Record<Language, RegExp> = {
    en: /let us know the date/,
    sv: /meddela vilket datum/,
    de: /zu welchem Datum/,
    it: /indicarci la data/,
    fr: /nous indiquer la date/,
    es: /en qué fecha/,
  };

  for (const language of LANGUAGES) {
    it(`${language}: after a promise every step thanks for the date instead of asking for one`, () => {
      const promise = { date: '2026-06-12', madeAt: '2026-06-05T08:00:00Z', recordId: 'rec1' };
      const promised = invoice(language, { promise });
      for (const step of [1, 2, 3, 4]) {
        const d = draftFor(promised, step);
        expect(d.body, `step ${step}`).toContain(formatDate('2026-06-12', language));
        expect(d.body).not.toMatch(/<%|undefined/);
      }
      expect(draftFor(promised, 2).body).not.toMatch(ASKS_FOR_DATE[language]);
      expect(draftFor(invoice(language), 2).body).toMatch(ASKS_FOR_DATE[language]);
    });
  }

  it('greets a person by name and a company neutrally (docs/tone-rules.md)', () => {
    const person = (language: Language) =>
      draftFor(invoice(language, { client: { email: 'anna@client.test', name: 'Anna Berg', language } }), 1);
    expect(person('en').body).toMatch(/^Dear Anna,\n/);
    expect(person('de').body).toMatch(/^Guten Tag Anna Berg,\n/);
    expect(person('sv').body).toMatch(/^Hej Anna,\n/);
    expect(draftFor(invoice('en'), 1).body).toMatch(/^Hello,\n/); // "Client AB"
    expect(draftFor(invoice('es'), 2).body).toMatch(/^Hola:\n/);
  });

  it('step 3 names the day step 4 can come at the earliest when it goes out late', () => {
    // Step 3 goes out Mon 20 July (the ladder started late): step 4 keeps its 7-day gap → Mon 27 July.
    const plan = planLadder('2026-06-01', inbox.reminders.steps, clientCalendar(inbox, invoice('en').client));
    const d = buildReminderDraft(config, inbox, invoice('en'), 3, plan, new Date('2026-07-20T07:00:00Z'));
    expect(d.body).toContain('27 July 2026');
  });

  it('a step drafted again carries its attempt, so it gets its own draft id', () => {
    const plan = planLadder('2026-06-01', inbox.reminders.steps, clientCalendar(inbox, invoice('en').client));
    expect(buildReminderDraft(config, inbox, invoice('en'), 2, plan, new Date(), 2)).toMatchObject({
      attempt: 2,
    });
    expect(draftFor(invoice('en'), 2)).not.toHaveProperty('attempt');
  });

  it('formats amounts and dates per locale', () => {
    expect(formatAmount(12500.5, 'SEK', 'sv')).toMatch(/^12\s500,50\skr$/);
    expect(formatAmount(12500.5, 'EUR', 'de')).toMatch(/^12\.500,50\s€$/);
    expect(formatAmount(12500.5, 'EUR', 'en')).toBe('€12,500.50');
    expect(formatDate('2026-06-01', 'sv')).toBe('1 juni 2026');
    expect(formatDate('2026-06-01', 'de')).toBe('1. Juni 2026');
    expect(formatDate('2026-06-01', 'fr')).toBe('1 juin 2026');
  });

  it('keeps one stable subject with a single "Re: " in the invoice thread', () => {
    const threaded = invoice('en', {
      threadMessageId: '<inv-14@northlight.test>',
      subject: 'RE: Re: Invoice NS-2026-014',
    });
    const subjects = [1, 2, 3, 4].map((s) => draftFor(threaded, s).subject);
    expect(new Set(subjects)).toEqual(new Set(['Re: Invoice NS-2026-014']));
    expect(reminderSubject('Fwd: Re: [billing] x', true)).toBe('Re: [billing] x');
  });

  it('threads under the invoice email and every earlier reminder (RFC 5322 §3.6.4)', () => {
    const inv = invoice('en', {
      threadMessageId: '<inv-14@northlight.test>',
      reminders: [
        {
          step: 1,
          state: 'drafted',
          at: 'x',
          draftId: 'r1',
          outgoingMessageId: '<r1@northlight.test>',
          sendAt: null,
        },
        { step: 2, state: 'skipped', at: 'x', draftId: null, outgoingMessageId: null, sendAt: null },
      ],
    });
    const d = draftFor(inv, 3);
    expect(d.inReplyTo).toBe('<r1@northlight.test>');
    expect(d.references).toEqual(['<inv-14@northlight.test>', '<r1@northlight.test>']);
    expect(d.messageId).toBeNull(); // not an answer the send job should look for in Sent
  });

  it('starts its own thread without a known invoice email, and the next reminders reply to it', () => {
    const first = draftFor(invoice('sv'), 1);
    expect(first.subject).toBe('Faktura NS-2026-014');
    expect(first.inReplyTo).toBeNull();
    const second = draftFor(
      invoice('sv', {
        reminders: [
          {
            step: 1,
            state: 'drafted',
            at: 'x',
            draftId: 'r1',
            outgoingMessageId: first.outgoingMessageId!,
            sendAt: null,
          },
        ],
      }),
      2,
    );
    expect(second.subject).toBe('Re: Faktura NS-2026-014');
    expect(second.inReplyTo).toBe(first.outgoingMessageId);
  });

  it('falls back to the inbox language when the client has none', () => {
    const inv = invoice('en');
    delete inv.client.language;
    expect(draftFor(inv, 1).language).toBe('en');
  });
});
