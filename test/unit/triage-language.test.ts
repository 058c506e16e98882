import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/triage/language.ts';

/** Short business mail, the kind tinyld alone gets wrong ("Tack, vi ses på måndag." → Afrikaans). */
const SAMPLES: Record<string, string[]> = {
  en: [
    'Hi, I still have not received the invoice. Could you send it again please?',
    'Thanks, see you Monday.',
    'We will pay the invoice next week.',
    'This is unacceptable. Where is the design?',
    'Can we move the meeting to Thursday?',
  ],
  sv: [
    'Hej, jag har fortfarande inte fått fakturan. Kan ni skicka den igen?',
    'Tack, vi ses på måndag.',
    'Vi betalar fakturan nästa vecka.',
    'Det här är helt oacceptabelt. Var är designen?',
    'Kan vi flytta mötet till torsdag?',
  ],
  it: [
    'Buongiorno, non ho ancora ricevuto la fattura. Potete inviarla di nuovo?',
    'Grazie, a lunedì.',
    'Pagheremo la fattura la prossima settimana.',
    'È inaccettabile. Dove sono le bozze?',
    'Possiamo spostare la riunione a giovedì?',
  ],
  de: [
    'Guten Tag, ich habe die Rechnung immer noch nicht erhalten. Können Sie sie erneut senden?',
    'Danke, bis Montag.',
    'Wir bezahlen die Rechnung nächste Woche.',
    'Das ist inakzeptabel. Wo bleibt der Entwurf?',
    'Können wir das Treffen auf Donnerstag verschieben?',
  ],
  fr: [
    "Bonjour, je n'ai toujours pas reçu la facture. Pouvez-vous la renvoyer ?",
    'Merci, à lundi.',
    'Nous paierons la facture la semaine prochaine.',
    "C'est inacceptable. Où en est la maquette ?",
    'Pouvons-nous déplacer la réunion à jeudi ?',
  ],
  es: [
    'Hola, todavía no he recibido la factura. ¿Pueden enviarla de nuevo?',
    'Gracias, hasta el lunes.',
    'Pagaremos la factura la próxima semana.',
    'Esto es inaceptable. ¿Dónde está el diseño?',
    '¿Podemos mover la reunión al jueves?',
  ],
};

describe('language of short business mail', () => {
  for (const [lang, texts] of Object.entries(SAMPLES)) {
    it(`recognises ${lang} in all ${texts.length} samples`, () => {
      expect(texts.map(detectLanguage)).toEqual(texts.map(() => lang));
    });
  }

  it('recognises nl, fi, pt and pl sentences and never crashes on da/no', () => {
    expect(detectLanguage('Hallo, ik heb de factuur nog steeds niet ontvangen.')).toBe('nl');
    expect(detectLanguage('Hei, en ole vieläkään saanut laskua.')).toBe('fi');
    expect(detectLanguage('Olá, ainda não recebi a fatura.')).toBe('pt');
    expect(detectLanguage('Dzień dobry, nadal nie otrzymałem faktury.')).toBe('pl');
    // Danish and Norwegian are close enough to each other (and to Swedish) that `und` is an honest answer.
    expect(['da', 'no', 'und']).toContain(detectLanguage('Hej, jeg har stadig ikke modtaget fakturaen.'));
    expect(['da', 'no', 'und']).toContain(detectLanguage('Hei, jeg har fortsatt ikke mottatt fakturaen.'));
  });

  it('does not take longer Portuguese, Dutch, Danish, Norwegian, Polish or Finnish mail for a reply language', () => {
    const others: Array<[string, string]> = [
      [
        'pt',
        'Olá, ainda não recebi a fatura que foi prometida para a semana passada. Podem enviar para o meu e-mail, por favor? Obrigado.',
      ],
      [
        'pt',
        'Bom dia, queria saber se é possível mudar a reunião para quinta-feira. Os designs estão ótimos.',
      ],
      [
        'nl',
        'Hallo, ik heb de factuur nog steeds niet ontvangen. Kunnen jullie die opnieuw sturen? Met vriendelijke groet.',
      ],
      ['da', 'Hej, jeg har stadig ikke modtaget fakturaen. Kan I sende den igen? Med venlig hilsen'],
      ['no', 'Hei, jeg har fortsatt ikke mottatt fakturaen. Kan dere sende den igjen? Med vennlig hilsen'],
      ['pl', 'Dzień dobry, nadal nie otrzymałem faktury. Czy mogą Państwo wysłać ją ponownie? Pozdrawiam'],
      ['fi', 'Hei, en ole vieläkään saanut laskua. Voitteko lähettää sen uudelleen? Terveisin'],
    ];
    for (const [lang, text] of others) expect({ text, lang: detectLanguage(text) }).toEqual({ text, lang });
  });

  it('answers und for text too short or without letters', () => {
    for (const t of ['', 'ok', '👍', '12345 67', 'https://example.com/a/b', 'Hej'])
      expect(detectLanguage(t)).toBe('und');
  });

  it('ignores addresses, links and numbers', () => {
    expect(detectLanguage('anna@client.example https://x.example/1234 Tack så mycket för hjälpen!')).toBe(
      'sv',
    );
  });
});
