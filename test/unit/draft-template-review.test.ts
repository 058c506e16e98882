import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../src/model/message-record.ts';
import type { TriageResult } from '../../src/model/triage-result.ts';
import { composeReplyDraft, type ReplyKind } from '../../src/drafts/compose.ts';
import { renderReply } from '../../src/drafts/reply-text.ts';
import { nextOpening } from '../../src/triage/office-hours.ts';
import { inboxCalendar } from '../../src/drafts/send-at.ts';
import { formatWhen } from '../../src/drafts/locale-format.ts';
import { offlineConfig } from '../harness/config.ts';
import { messageRecord, triageResult } from '../harness/records.ts';

/**
 * The template review of issue 12, as a test: every reply kind in every language, rendered with realistic
 * client mail (heated subjects, capitals, company display names, foreign clocks), checked against docs/tone-rules.md —
 * no client words quoted back, people greeted by name and companies neutrally, times named one way per
 * language, and only dates that are still ahead when the mail goes out.
 */

const config = offlineConfig({
  signature: { name: 'Maja Lind', title: 'Account lead' },
  autoSend: { 'after-hours': false, angry: false },
});
const inbox = config.inboxes[0]!;

/** Heated mail per language: subject, new text, a person and a company sender. */
const MAIL: Record<string, { subject: string; text: string; person: string; company: string }> = {
  en: {
    subject: 'Booking page DOWN again - this is UNACCEPTABLE!!!',
    text: 'Our booking page has been down since 7am. We are losing bookings every hour. FIX IT NOW or we cancel.',
    person: 'Hannah Whitcombe',
    company: 'Whitcombe Dental Ltd',
  },
  sv: {
    subject: 'Bokningssidan NERE igen!!!',
    text: 'Bokningssidan har legat nere sedan i morse. Vi förlorar kunder varje timme. FIXA DET NU.',
    person: 'Sofia Lindqvist',
    company: 'Lindqvist Bageri AB',
  },
  de: {
    subject: 'Buchungsseite SCHON WIEDER kaputt - inakzeptabel!!!',
    text: 'Seit heute früh ist die Buchungsseite offline. Wir verlieren jede Stunde Buchungen. Das ist INAKZEPTABEL.',
    person: 'Jonas Brenner',
    company: 'Brenner Bau GmbH',
  },
  it: {
    subject: 'Pagina prenotazioni ANCORA offline!!!',
    text: 'La pagina delle prenotazioni è offline da stamattina. Perdiamo clienti ogni ora. È INACCETTABILE.',
    person: 'Giulia Ferraresi',
    company: 'Ristorante Il Faro S.r.l.',
  },
  fr: {
    subject: 'Page de réservation ENCORE en panne !!!',
    text: 'La page de réservation est en panne depuis ce matin. Nous perdons des clients. C’est INADMISSIBLE.',
    person: 'Camille Rousseau',
    company: 'Hôtel des Pins SARL',
  },
  es: {
    subject: '¡¡¡Página de reservas CAÍDA otra vez!!!',
    text: 'La página de reservas lleva caída desde esta mañana. Perdemos reservas cada hora. Es INACEPTABLE.',
    person: 'Lucía Herrera',
    company: 'Costa Viajes',
  },
};

const KINDS: ReplyKind[] = ['after-hours', 'angry', 'angry-after-hours'];
const ABBREVIATED_ZONES = /\b(CET|CEST|MEZ|MESZ|UTC|GMT|EST|EDT)\b|UTC[+-]/;

function triage(lang: string, kind: ReplyKind): TriageResult {
  return triageResult({
    language: lang,
    angry: kind !== 'after-hours',
    angerScore: kind === 'after-hours' ? 0.1 : 0.93,
    afterHours: kind !== 'angry',
    receivedAt: '2026-11-26T22:00:00.000Z',
    localTime: '2026-11-26T23:00:00',
    nextOpening: '2026-11-27T09:00:00+01:00',
    categories: kind === 'after-hours' ? ['after-hours'] : ['angry'],
  });
}

function record(lang: string, kind: ReplyKind, name: string, dateOffset: number | null): MessageRecord {
  const m = MAIL[lang]!;
  const t = triage(lang, kind);
  return messageRecord({
    id: `rec-${lang}-${kind}`,
    messageId: `<${lang}-${kind}@client.test>`,
    from: { address: 'client@client.test', name },
    returnPath: 'client@client.test',
    subject: m.subject,
    date: t.receivedAt,
    dateOffset,
    internalDate: t.receivedAt,
    text: m.text,
    size: 500,
    triage: t,
  });
}

/** Words of the client worth protecting: the heated ones (capitals, four letters and more) and "!!!"-runs. */
function heatedWords(lang: string): string[] {
  const m = MAIL[lang]!;
  return `${m.subject} ${m.text}`.match(/\p{Lu}{4,}|[!¡?]{2,}/gu) ?? [];
}

/** Three-word runs of the client's own text: none may reappear in a reply. */
function clientPhrases(lang: string): string[] {
  const m = MAIL[lang]!;
  const words = `${m.subject} ${m.text}`.toLocaleLowerCase().match(/\p{L}+/gu) ?? [];
  return words.slice(0, -2).map((_, i) => words.slice(i, i + 3).join(' '));
}

const now = new Date('2026-11-26T22:00:00Z'); // Thursday 23:00 in Stockholm

describe('template review: every kind × language as a client would read it', () => {
  for (const lang of Object.keys(MAIL)) {
    for (const kind of KINDS) {
      it(`${lang}/${kind}`, () => {
        const m = MAIL[lang]!;
        const person = composeReplyDraft({
          config,
          inbox,
          record: { ...record(lang, kind, m.person, -300), triage: triage(lang, kind) },
          kind,
          now,
        })!;
        const company = composeReplyDraft({
          config,
          inbox,
          record: { ...record(lang, kind, m.company, null), triage: triage(lang, kind) },
          kind,
          now,
        })!;
        // Our own naming of the matter ("about your booking page") shares words with the client's by design;
        // everything else must be ours.
        const body = person.body
          .toLocaleLowerCase()
          .replace(person.render!.words.aboutMatter!.toLocaleLowerCase(), '');

        // Replies in the client's language, with the client's words, capitals and punctuation left out.
        expect(person.language).toBe(lang);
        for (const w of heatedWords(lang)) expect(person.body).not.toContain(w);
        for (const phrase of clientPhrases(lang)) expect(body).not.toContain(phrase);
        expect(person.body).not.toMatch(/[!¡]{2,}|\?{2,}/);
        // Angry mail is answered under a subject of our own: "Re: About your booking page", never theirs.
        if (kind !== 'after-hours') {
          for (const w of heatedWords(lang)) expect(person.subject).not.toContain(w);
          expect(person.subject).not.toMatch(/[!¡]{2,}|\?{2,}/);
          expect(person.subject).toMatch(/^Re: \p{Lu}/u);
        }

        // The matter in our own words ("your booking page"), the same in both drafts.
        expect(person.body).toMatch(
          /booking page|bokningssida|Buchungsseite|pagina di prenotazione|page de réservation|página de reservas/,
        );

        // People by name, companies neutrally; never "Dear Whitcombe Dental Ltd".
        const firstLine = (b: string) => b.split('\n')[0]!;
        const first = m.person.split(' ')[0]!;
        expect(firstLine(person.body)).toContain(first);
        expect(firstLine(company.body)).not.toContain(m.company.split(' ')[0]!);
        expect(firstLine(company.body)).toMatch(/^(Hello,|Hej,|Guten Tag,|Buongiorno,|Bonjour,|Hola:)$/);

        // One time-zone style per language: the city's time, never an abbreviation; the client's own clock
        // (UTC−5 in the Date header) is added to the promise.
        expect(person.body).not.toMatch(ABBREVIATED_ZONES);
        if (kind !== 'after-hours') {
          expect(person.body).toContain(formatWhen(new Date(person.promisedBy!), lang, inbox.timezone, -300));
          expect(company.body).toContain(
            formatWhen(new Date(company.promisedBy!), lang, inbox.timezone, null),
          );
        }
      });
    }
  }
});

describe('dates are rendered when the mail goes out, and only future ones', () => {
  const cal = inboxCalendar(inbox);
  const draftFor = (lang: string, kind: ReplyKind) =>
    composeReplyDraft({
      config,
      inbox,
      record: { ...record(lang, kind, MAIL[lang]!.person, null), triage: triage(lang, kind) },
      kind,
      now,
    })!;

  it('an after-hours note drafted Thursday night says the team is in when it goes out Friday 09:00', () => {
    const d = draftFor('en', 'after-hours');
    const atOpening = nextOpening(cal, now).toJSDate();
    const text = renderReply(config, inbox, d.render!, d.promisedBy, atOpening).body;
    expect(text).toContain('We are back in the office now');
    expect(text).not.toMatch(/Thursday|Wednesday/);
  });

  it('sent late on a Saturday (a lead chose "send now"), it names the next opening after that moment', () => {
    const d = draftFor('en', 'after-hours');
    const saturday = new Date('2026-11-28T10:00:00Z');
    const text = renderReply(config, inbox, d.render!, d.promisedBy, saturday).body;
    expect(text).toContain('on Monday 30 November, 09:00 (Stockholm time)');
  });

  for (const lang of Object.keys(MAIL)) {
    it(`${lang}: every date in an angry-after-hours reply is after the moment it goes out`, () => {
      const d = draftFor(lang, 'angry-after-hours');
      for (const at of [now, nextOpening(cal, now).toJSDate(), new Date('2026-11-27T15:30:00Z')]) {
        const text = renderReply(config, inbox, d.render!, d.promisedBy, at).body;
        const promised = new Date(d.promisedBy!);
        expect(promised.getTime()).toBeGreaterThan(at.getTime());
        expect(text).toContain(formatWhen(promised, lang, inbox.timezone, null));
        const back = nextOpening(cal, at).toJSDate();
        if (back.getTime() > at.getTime())
          expect(text).toContain(formatWhen(back, lang, inbox.timezone, null));
      }
    });
  }
});
