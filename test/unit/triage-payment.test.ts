import { describe, expect, it } from 'vitest';
import { detectPayment, type PaymentKind } from '../../src/triage/payment.ts';
import { findInvoiceNumber } from '../../src/triage/invoice-number.ts';

const PHRASES: Record<string, Record<Exclude<PaymentKind, 'none'>, string[]>> = {
  en: {
    promise: [
      'We will pay the invoice on Friday.',
      "I'll transfer the money tomorrow.",
      'Payment will be made by the end of the month.',
    ],
    paid: [
      'We paid the invoice yesterday.',
      "I've already transferred the amount.",
      'The invoice has been paid, see the attached receipt.',
    ],
    dispute: [
      'We dispute this invoice: the hours are wrong.',
      'The amount is incorrect, we were charged twice.',
      "We won't pay for work we never approved.",
    ],
    extension: [
      'Could we have a few more weeks to pay?',
      'Can we postpone the payment until March?',
      'Is a payment plan possible?',
    ],
  },
  sv: {
    promise: [
      'Vi betalar fakturan på fredag.',
      'Jag ska betala den i morgon.',
      'Betalningen kommer nästa vecka.',
    ],
    paid: [
      'Vi har betalat fakturan i dag.',
      'Jag har redan överfört beloppet.',
      'Fakturan är betald sedan i måndags.',
    ],
    dispute: [
      'Vi bestrider fakturan.',
      'Fakturan är fel, vi beställde bara två sidor.',
      'Vi tänker inte betala för det här.',
    ],
    extension: [
      'Kan vi få anstånd med betalningen?',
      'Vi behöver lite mer tid att betala.',
      'Går det att skjuta upp betalningen en månad?',
    ],
  },
  it: {
    promise: [
      'Pagheremo la fattura entro venerdì.',
      'Provvederemo al pagamento la prossima settimana.',
      'Effettueremo il bonifico domani.',
    ],
    paid: [
      'Abbiamo già pagato la fattura.',
      'Il bonifico è stato effettuato ieri.',
      'Ho saldato tutto stamattina.',
    ],
    dispute: ['Contestiamo la fattura ricevuta.', "L'importo è errato.", 'Non pagheremo questa fattura.'],
    extension: [
      'Possiamo avere una proroga?',
      'Ci serve più tempo per il pagamento.',
      'Sarebbe possibile rateizzare?',
    ],
  },
  de: {
    promise: [
      'Wir werden die Rechnung nächste Woche bezahlen.',
      'Ich überweise den Betrag bis Freitag.',
      'Die Zahlung erfolgt bis Monatsende.',
    ],
    paid: [
      'Wir haben die Rechnung bereits bezahlt.',
      'Die Überweisung wurde gestern ausgeführt.',
      'Ich habe den Betrag heute überwiesen.',
    ],
    dispute: [
      'Wir widersprechen dieser Rechnung.',
      'Der Betrag ist falsch.',
      'Wir werden diese Rechnung nicht bezahlen.',
    ],
    extension: [
      'Wäre ein Zahlungsaufschub möglich?',
      'Wir bräuchten etwas mehr Zeit für die Zahlung.',
      'Können wir eine Ratenzahlung vereinbaren?',
    ],
  },
  fr: {
    promise: [
      'Nous paierons la facture vendredi.',
      'Je vais régler la facture demain.',
      'Nous allons procéder au paiement la semaine prochaine.',
    ],
    paid: [
      'Nous avons réglé la facture hier.',
      "J'ai déjà payé le montant.",
      'Le virement a été effectué ce matin.',
    ],
    dispute: [
      'Nous contestons cette facture.',
      'Le montant est incorrect.',
      'Nous ne paierons pas cette facture.',
    ],
    extension: [
      'Pourrions-nous avoir un délai de paiement ?',
      "Nous aurions besoin d'un peu de temps pour payer.",
      'Est-il possible de reporter le paiement ?',
    ],
  },
  es: {
    promise: [
      'Pagaremos la factura el viernes.',
      'Vamos a pagar la próxima semana.',
      'Haremos la transferencia mañana.',
    ],
    paid: [
      'Ya hemos pagado la factura.',
      'La transferencia fue realizada ayer.',
      'He pagado el importe esta mañana.',
    ],
    dispute: ['La factura es incorrecta.', 'No vamos a pagar por esto.', 'Reclamamos el importe cobrado.'],
    extension: [
      '¿Podríamos tener una prórroga?',
      'Necesitamos un poco más de tiempo para pagar.',
      '¿Es posible aplazar el pago?',
    ],
  },
};

describe('payment talk in six languages', () => {
  for (const [lang, kinds] of Object.entries(PHRASES)) {
    for (const [kind, phrases] of Object.entries(kinds)) {
      it(`${lang}: recognises ${kind}`, () => {
        for (const phrase of phrases)
          expect({ phrase, kind: detectPayment(phrase) }).toEqual({ phrase, kind });
      });
    }
  }
});

describe('payment talk: more everyday phrasings', () => {
  const more: Array<[string, PaymentKind, string]> = [
    ['en', 'promise', 'Payment is scheduled for Friday.'],
    ['en', 'promise', "We'll get this paid by Friday."],
    ['en', 'paid', 'Our accounts team processed the payment yesterday.'],
    ['en', 'dispute', "This invoice doesn't match the quote."],
    ['en', 'extension', 'Could we split the payment into two instalments?'],
    ['sv', 'paid', 'Vi har gjort en överföring i dag.'],
    ['sv', 'paid', 'Pengarna är överförda.'],
    ['sv', 'dispute', 'Fakturan stämmer inte.'],
    ['sv', 'extension', 'Kan vi dela upp betalningen?'],
    ['it', 'promise', 'Il pagamento verrà effettuato venerdì.'],
    ['it', 'dispute', 'La fattura non corrisponde al preventivo.'],
    ['it', 'extension', 'Possiamo pagare a fine mese?'],
    ['de', 'promise', 'Die Rechnung wird bis Freitag beglichen.'],
    ['de', 'promise', 'Wir zahlen Ende des Monats.'],
    ['de', 'paid', 'Wir haben die Zahlung veranlasst.'],
    ['de', 'dispute', 'Die Rechnung stimmt nicht.'],
    ['de', 'extension', 'Können wir in zwei Raten zahlen?'],
    ['fr', 'promise', 'Le paiement sera effectué vendredi.'],
    ['fr', 'promise', 'Je vous règle ça demain.'],
    ['fr', 'paid', 'Nous avons procédé au virement.'],
    ['fr', 'dispute', 'La facture ne correspond pas au devis.'],
    ['fr', 'extension', 'Pouvons-nous payer en deux fois ?'],
    ['es', 'promise', 'El pago se realizará el viernes.'],
    ['es', 'paid', 'Ya hicimos la transferencia.'],
    ['es', 'dispute', 'La factura no coincide con el presupuesto.'],
  ];
  for (const [lang, kind, phrase] of more) {
    it(`${lang}: "${phrase}" → ${kind}`, () => expect(detectPayment(phrase)).toBe(kind));
  }
});

describe('payment talk: disputes by refusal (any word order, "not a cent", "don\'t send an invoice"), credit note, "never agreed" and "already paid, stop the reminders"', () => {
  const disputes: [string, string][] = [
    ['en', "I am not paying for a launch that didn't happen."],
    ['en', 'Please issue a credit note for the extra hours.'],
    ['en', 'The second workshop was never agreed.'],
    ['en', 'We paid this on 2 May, so please stop sending reminders.'],
    ['sv', 'Skicka en kreditfaktura för de extra timmarna.'],
    ['sv', 'Fakturan betalade vi redan i maj, så sluta skicka påminnelser.'],
    ['it', 'Vi chiediamo una nota di credito per le ore in più.'],
    ['it', 'Il secondo workshop non era stato concordato.'],
    ['de', 'Bitte schicken Sie uns eine Gutschrift über die Zusatzstunden.'],
    ['de', 'Der zweite Workshop wurde nie vereinbart.'],
    ['fr', 'Merci de nous envoyer un avoir pour les heures en plus.'],
    ['fr', "Le deuxième atelier n'a jamais été convenu."],
    ['es', 'Envíennos una nota de crédito por las horas extra.'],
    ['es', 'El segundo taller nunca lo acordamos.'],
    ['en', "Fix it today, and I won't be paying for this month."],
    ['en', "Don't bother sending us an invoice for the redesign."],
    ['en', 'Not one penny of this invoice until the shop works.'],
    ['sv', 'Den här kampanjen betalar vi inte.'],
    ['sv', 'Räkna inte med att få betalt för april.'],
    ['sv', 'Fakturan för april kan ni glömma tills det här är löst.'],
    ['it', 'Quella fattura non la pago.'],
    ['it', 'Per questo lavoro non vi pago neanche un euro.'],
    ['it', 'La fattura di aprile non verrà pagata.'],
    ['de', 'Für dieses Video zahle ich keinen Cent.'],
    ['de', 'Ich bin nicht bereit, für diese Entwürfe zu bezahlen.'],
    ['de', 'Die Aprilrechnung werden wir bis zur Klärung der Sache nicht begleichen.'],
    ['fr', 'Je ne paie pas ce mois-ci.'],
    ['fr', 'Ne comptez pas sur nous pour payer cette refonte.'],
    ['fr', 'Nous ne réglerons plus aucune facture avant une explication.'],
    ['es', 'No pienso pagar esa campaña.'],
    ['es', 'No les voy a pagar el mes en curso.'],
    ['es', 'La factura 118 queda retenida.'],
  ];
  for (const [lang, phrase] of disputes) {
    it(`${lang}: "${phrase}" → dispute`, () => expect(detectPayment(phrase)).toBe('dispute'));
  }
});

describe('payment talk: negatives', () => {
  const none = [
    'I paid attention to every detail.',
    'We paid a heavy price for that launch.',
    "Mais j'ai payé un lourd tribut.",
    'Deja que el defensor conteste.',
    'Sie bestreiten also nicht, dass es so war?',
    'We paid a visit to the printer.',
    'Thanks for the mockups, looking forward to Monday.',
    "We haven't paid the invoice yet, sorry.",
    'We will review the payment terms with our CFO.',
    "We haven't sent the payment yet.",
    'Wir haben die Rechnung noch nicht bezahlt.',
    'Vi har inte betalat än.',
    'Can you send me invoice 2041 again?',
    'The browser extension does not load.',
    "Don't send me the files yet, we're still choosing.",
    'Please credit the photographer in the caption.',
    'Je ne règle pas les détails techniques moi-même.',
    'Non vedo l’ora di vedere il sito.',
    'No les puedo confirmar la reunión todavía.',
    'Nous avons payé attention', // not idiomatic French, and no payment word
  ];
  for (const phrase of none.slice(0, -1)) {
    it(`finds no payment talk in "${phrase}"`, () => expect(detectPayment(phrase)).toBe('none'));
  }
  it('prefers a dispute over a promise in the same message', () =>
    expect(detectPayment('We will pay once you fix it, but we dispute the amount on this invoice.')).toBe(
      'dispute',
    ));
});

describe('payment talk: Unicode word edges and hostile input', () => {
  it('matches words that start or end with a non-ASCII letter', () => {
    expect(detectPayment('Nous demandons un échéancier.')).toBe('extension');
    expect(detectPayment('Überweisung wurde heute ausgeführt.')).toBe('paid');
    expect(detectPayment('¿Sería posible una prórroga?')).toBe('extension');
  });
  it('does not match inside longer words', () => {
    expect(detectPayment('We are repaying the favour with a repaid loan of goodwill.')).toBe('none');
  });
  it('stays fast on a long text full of payment words', () => {
    const t = performance.now();
    detectPayment('pay invoice betal fattura zahl '.repeat(3000));
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('invoice number', () => {
  const cases: Array<[string, string | null]> = [
    ['Regarding INV-2041, please see attached.', 'INV-2041'],
    ['about inv-2041', 'INV-2041'],
    ['About invoice #2041', '2041'],
    ['Paid invoice 2041 today', '2041'],
    ['The payment for #2041 went out', '2041'],
    ['Gäller faktura 2041', '2041'],
    ['Riguardo la fattura n. 2041', '2041'],
    ['Zu Rechnung Nr. 2041', '2041'],
    ['Concernant la facture n° 2041', '2041'],
    ['Sobre la factura 2041', '2041'],
    ['Ticket #2041 is still open', null],
    ['Meeting at 10:30 on 2041 Main Street', null],
    ['', null],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" → ${expected}`, () => expect(findInvoiceNumber(text)).toBe(expected));
  }
});
