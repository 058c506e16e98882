import { describe, expect, it } from 'vitest';
import { extractPromisedDate } from '../../src/reminders/promised-date.ts';
import { pauseUntilFor } from '../../src/reminders/promise.ts';

// Wednesday 25 November 2026, 11:00 in Stockholm. Friday is the 27th; next week's Friday the 4th of December.
const WED = new Date('2026-11-25T10:00:00Z');
const read = (text: string, at = WED, timezone = 'Europe/Stockholm') =>
  extractPromisedDate(text, { arrivedAt: at, timezone, ignore: ['2026-014'] });

const cases: Record<string, Array<[string, string | null]>> = {
  en: [
    ["We'll pay by Friday.", '2026-11-27'],
    ['We will pay on 15 December.', '2026-12-15'],
    ['We will settle the invoice on December 15th.', '2026-12-15'],
    ['We will pay the invoice at the end of the month.', '2026-11-30'],
    ["We'll transfer the money next week.", '2026-12-04'],
    ['The payment will be made tomorrow.', '2026-11-26'],
    ['Payment will be made in two weeks.', '2026-12-09'],
    ['We will pay invoice 2026-014 next Friday.', '2026-12-04'],
    ['We will pay on 15/12.', '2026-12-15'],
    ['We will pay it early next month.', '2026-12-07'],
  ],
  sv: [
    ['Vi betalar nästa vecka.', '2026-12-04'],
    ['Vi betalar fakturan den 15:e december.', '2026-12-15'],
    ['Vi ska betala på fredag.', '2026-11-27'],
    ['Betalningen kommer i slutet av månaden.', '2026-11-30'],
    ['Vi betalar om två veckor.', '2026-12-09'],
    ['Vi betalar i morgon.', '2026-11-26'],
  ],
  it: [
    ['Pagheremo entro venerdì.', '2026-11-27'],
    ['Lo pagheremo a fine mese.', '2026-11-30'],
    ['Il pagamento verrà effettuato il 15 dicembre.', '2026-12-15'],
    ['Pagheremo la settimana prossima.', '2026-12-04'],
    ['Effettueremo il bonifico domani.', '2026-11-26'],
  ],
  de: [
    ['Wir zahlen am 15.12.', '2026-12-15'],
    ['Wir überweisen bis Ende Monat.', '2026-11-30'],
    ['Wir werden die Rechnung am 15. Dezember begleichen.', '2026-12-15'],
    ['Wir zahlen nächste Woche.', '2026-12-04'],
    ['Wir überweisen den Betrag am Freitag.', '2026-11-27'],
    ['Die Zahlung erfolgt am 15.12.2026.', '2026-12-15'],
  ],
  fr: [
    ['Nous paierons fin de mois.', '2026-11-30'],
    ['Nous réglerons la facture le 15 décembre.', '2026-12-15'],
    ['Le virement sera effectué vendredi prochain.', '2026-12-04'],
    ['Nous allons payer la semaine prochaine.', '2026-12-04'],
    ['Je vous règle demain.', '2026-11-26'],
  ],
  es: [
    ['Pagaremos el 15 de diciembre.', '2026-12-15'],
    ['Pagaremos el viernes que viene.', '2026-12-04'],
    ['Pagaremos mañana.', '2026-11-26'],
    ['Haremos la transferencia a fin de mes.', '2026-11-30'],
    ['Vamos a pagar la próxima semana.', '2026-12-04'],
  ],
};

describe('the date a client promises to pay by', () => {
  for (const [language, list] of Object.entries(cases)) {
    it.each(list)(`${language}: %s → %s`, (text, expected) => {
      expect(read(text)).toBe(expected);
    });
  }

  it('is null when the promise names no date', () => {
    expect(read('Thanks, we will pay soon.')).toBeNull();
    expect(read('Vi betalar så snart vi kan.')).toBeNull();
    expect(read('Pagaremos por la mañana.')).toBeNull(); // "mañana" after "la" is the morning
  });

  it('reads only sentences about paying: a meeting date elsewhere is no promise', () => {
    expect(read('See you at the workshop on 3 December.\n\nWe will pay on Friday.')).toBe('2026-11-27');
    expect(read('Can we meet on 3 December?')).toBeNull();
    // The sentence after a payment sentence still counts ("…transfer it. It will be done by Friday.")
    expect(read('We will transfer the money. It will be done by Friday.')).toBe('2026-11-27');
  });

  it('takes the latest date of a split payment', () => {
    expect(read("We'll pay half on 1 December and the rest on the 15th.")).toBe('2026-12-15');
  });

  it('is no date: an amount, the invoice number, a day that has passed', () => {
    expect(read('We will pay 3.12 EUR extra.')).toBeNull();
    expect(read('We will pay invoice 2026-014.')).toBeNull();
    expect(read('We paid on 3 March and will pay the rest soon.')).toBeNull();
    expect(read('We will pay on 2026-11-01.')).toBeNull();
  });

  it('rolls a day without a year into next year when the month is near (December → January)', () => {
    expect(read('We will pay on 5 January.', new Date('2026-12-20T10:00:00Z'))).toBe('2027-01-05');
  });

  it("counts from the arrival day in the client's zone, not UTC", () => {
    // 23:30 in New York on Thursday 26 November is already Friday in UTC: "tomorrow" is their Friday.
    const lateThursday = new Date('2026-11-27T04:30:00Z');
    expect(read('We will pay tomorrow.', lateThursday, 'America/New_York')).toBe('2026-11-27');
    expect(read('We will pay tomorrow.', lateThursday, 'Europe/Stockholm')).toBe('2026-11-28');
  });

  it('the hold lasts until the promised day plus the grace days', () => {
    expect(pauseUntilFor('2026-12-15', 3)).toBe('2026-12-18');
    expect(pauseUntilFor('2026-12-30', 3)).toBe('2027-01-02');
  });
});
