import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { OfficeCalendar } from '../../src/triage/office-hours.ts';
import {
  addBusinessDays,
  businessHoursBetween,
  subtractBusinessHours,
} from '../../src/commitments/business-time.ts';
import { dueAtFor, dueSoonAt, targetFor } from '../../src/commitments/deadline.ts';
import { isBareThankYou, needsAnswer } from '../../src/commitments/needs-answer.ts';
import { asksClient } from '../../src/commitments/asks-client.ts';
import { threadIds } from '../../src/commitments/thread-key.ts';
import { offlineConfig } from '../harness/config.ts';

/** Stockholm, 09:00–17:00 on weekdays (Wednesday with a lunch break), Swedish public holidays. */
const cal: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: {
    mon: ['09:00-17:00'],
    tue: ['09:00-17:00'],
    wed: ['09:00-12:00', '13:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-17:00'],
    sat: [],
    sun: [],
  },
  holidays: { country: 'SE', closed: [] },
};
const local = (d: Date) => DateTime.fromJSDate(d, { zone: cal.timezone }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');

describe('business time', () => {
  it('counts open hours between two instants, across a lunch break, a weekend and a DST switch', () => {
    // Fri 27 Mar 16:00 CET → Mon 30 Mar 10:00 CEST (clocks went forward on Sunday): 1 h + 1 h.
    expect(
      businessHoursBetween(cal, new Date('2026-03-27T15:00:00Z'), new Date('2026-03-30T08:00:00Z')),
    ).toBe(2);
    // Wed 09:00 → Wed 17:00 is 7 open hours (12–13 closed).
    expect(
      businessHoursBetween(cal, new Date('2026-03-25T08:00:00Z'), new Date('2026-03-25T16:00:00Z')),
    ).toBe(7);
    expect(
      businessHoursBetween(cal, new Date('2026-03-25T16:00:00Z'), new Date('2026-03-25T08:00:00Z')),
    ).toBe(0);
  });

  it('counts hours back from a deadline over Easter (Good Friday and Easter Monday closed)', () => {
    // Tue 7 Apr 10:00 − 2 h: 1 h on Tuesday morning, then Mon 6 Apr (holiday), Fri 3 Apr (holiday) → Thu 2 Apr 16:00.
    expect(local(subtractBusinessHours(cal, new Date('2026-04-07T08:00:00Z'), 2))).toBe(
      'Thu 2026-04-02 16:00 +02:00',
    );
    // A deadline at 17:00 (the end of a range) minus 2 h is 15:00 the same day.
    expect(local(subtractBusinessHours(cal, new Date('2026-04-07T15:00:00Z'), 2))).toBe(
      'Tue 2026-04-07 15:00 +02:00',
    );
    // Across the lunch break: Wed 14:00 − 2 h = Wed 11:00.
    expect(local(subtractBusinessHours(cal, new Date('2026-03-25T13:00:00Z'), 2))).toBe(
      'Wed 2026-03-25 11:00 +01:00',
    );
  });

  it('adds working days at the same local time, skipping weekends and holidays', () => {
    expect(local(addBusinessDays(cal, new Date('2026-03-23T09:00:00Z'), 3))).toBe(
      'Thu 2026-03-26 10:00 +01:00',
    );
    // Thursday before Easter: Fri and Mon are holidays → Tue, Wed, Thu.
    expect(local(addBusinessDays(cal, new Date('2026-04-02T08:00:00Z'), 3))).toBe(
      'Thu 2026-04-09 10:00 +02:00',
    );
    // Written on Friday night: counted from Monday's opening, across the spring DST switch.
    expect(local(addBusinessDays(cal, new Date('2026-03-27T22:00:00Z'), 3))).toBe(
      'Thu 2026-04-02 09:00 +02:00',
    );
    // 12:30 on a Wednesday is lunch: moves to 13:00.
    expect(local(addBusinessDays(cal, new Date('2026-03-20T11:30:00Z'), 3))).toBe(
      'Wed 2026-03-25 13:00 +01:00',
    );
  });
});

describe('reply-by targets', () => {
  const inbox = offlineConfig().inboxes[0]!;

  it('urgent before angry before an ordinary reply (8, 4, 2 business hours by default)', () => {
    expect(targetFor(inbox, { angry: false })).toEqual({ basis: 'reply', hours: 8 });
    expect(targetFor(inbox, { angry: true })).toEqual({ basis: 'angry', hours: 4 });
    expect(targetFor(inbox, { angry: true, urgent: true })).toEqual({ basis: 'urgent', hours: 2 });
    expect(targetFor(inbox, { angry: false, urgent: true })).toEqual({ basis: 'urgent', hours: 2 });
  });

  it('counts from arrival in business hours; the warning comes 2 business hours before, never before the start', () => {
    const opened = new Date('2026-03-27T22:00:00Z'); // Fri 23:00
    const due = dueAtFor(cal, opened, 8);
    expect(local(due)).toBe('Mon 2026-03-30 17:00 +02:00');
    const c = { openedAt: opened.toISOString(), dueAt: due.toISOString() };
    expect(local(dueSoonAt(cal, c, 2)!)).toBe('Mon 2026-03-30 15:00 +02:00');
    expect(dueSoonAt(cal, c, 0)).toBeNull();
    // An urgent 2-hour clock started Monday 10:00 warns at once.
    const urgent = {
      openedAt: '2026-03-30T08:00:00.000Z',
      dueAt: dueAtFor(cal, new Date('2026-03-30T08:00:00Z'), 2).toISOString(),
    };
    expect(dueSoonAt(cal, urgent, 2)!.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('needs an answer', () => {
  const bare = [
    'Thanks!',
    'Thank you so much, Maja! Best regards, Tom',
    'Great, thanks a lot.',
    'Tack så mycket!',
    'Stort tack för hjälpen! Mvh Sofia',
    'Vielen Dank für die schnelle Antwort. Viele Grüße, Jonas Brenner',
    'Grazie mille! Cordiali saluti, Giulia',
    'Merci beaucoup, bonne journée !',
    '¡Muchas gracias! Saludos, Carmen',
  ];
  const real = [
    'Thanks, but the banner is still wrong.',
    'Thank you. When will the report be ready?',
    'Tack! Kan ni skicka fakturan igen?',
    'Danke, aber die Seite funktioniert immer noch nicht.',
    'Grazie, ma il sito è ancora offline.',
    'Merci, mais la page ne fonctionne toujours pas.',
    'Gracias, ¿cuándo estará listo?',
    'The booking page is down.',
    '',
  ];
  it.each(bare)('a bare thank-you needs none: %s', (t) => expect(isBareThankYou(t)).toBe(true));
  it.each(real)('this needs an answer: %s', (t) =>
    expect(needsAnswer({ text: t, automated: false, fromAgency: false })).toBe(true),
  );
  it('automated mail and the agency’s own mail need none', () => {
    expect(needsAnswer({ text: 'Where is it?', automated: true, fromAgency: false })).toBe(false);
    expect(needsAnswer({ text: 'Where is it?', automated: false, fromAgency: true })).toBe(false);
  });
});

describe('the agency asked the client for something', () => {
  const asks = [
    'Here is the draft. Could you send us the logo files by Friday?',
    'Please confirm the new launch date.',
    'We still need your approval on the homepage text.',
    'Kan du skicka bilderna till oss?',
    'Vi behöver ditt godkännande innan vi publicerar.',
    'Könnten Sie uns die Zugangsdaten schicken.',
    'Bitte bestätigen Sie den Termin.',
    'Potrebbe inviarci il testo definitivo.',
    'Pourriez-vous nous envoyer les photos.',
    'Merci de nous confirmer la date.',
    'Podría enviarnos el logotipo.',
    'Necesitamos su aprobación para continuar.',
  ];
  const none = [
    'The report is attached. Let us know if you have any questions.',
    'Your site is live again. Don’t hesitate to contact us.',
    'Rapporten är bifogad. Om du har några frågor, hör av dig.',
    'Der Bericht ist angehängt. Bei Fragen melden Sie sich gerne.',
    'Il report è in allegato. Restiamo a disposizione per qualsiasi domanda.',
    'Le rapport est en pièce jointe. N’hésitez pas si vous avez des questions.',
    'El informe va adjunto. Quedamos a su disposición.',
    'The site is back up. We fixed the DNS record.',
  ];
  it.each(asks)('asks: %s', (t) => expect(asksClient(t)).toBe(true));
  it.each(none)('does not ask: %s', (t) => expect(asksClient(t)).toBe(false));
});

describe('thread ids', () => {
  it('root first: References, then In-Reply-To, then the message itself', () => {
    expect(threadIds({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x> <b@x>'] })).toEqual({
      ids: ['<a@x>', '<b@x>', '<c@x>'],
      root: '<a@x>',
    });
    expect(threadIds({ messageId: '<c@x>', inReplyTo: '<b@x>', references: [] }).root).toBe('<b@x>');
    expect(threadIds({ messageId: '<c@x>', inReplyTo: null, references: [] }).root).toBe('<c@x>');
    expect(threadIds({ messageId: null, inReplyTo: null, references: [] })).toEqual({ ids: [], root: null });
  });
});
