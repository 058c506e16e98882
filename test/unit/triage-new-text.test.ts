import { describe, expect, it } from 'vitest';
import { extractNewText } from '../../src/triage/new-text.ts';
import { htmlToText } from '../../src/triage/html-text.ts';
import { newTextOf } from '../../src/triage/triage.ts';

const QUOTE = 'This is UNACCEPTABLE. Where is the design?!';

describe('new text: quoted history', () => {
  it('drops lines quoted with ">" and keeps inline answers', () => {
    const text = 'Thanks, that works.\n\n> Can we ship on Friday?\nYes, Friday is fine.\n>> older\n';
    expect(extractNewText(text)).toBe('Thanks, that works.\n\nYes, Friday is fine.');
  });

  it('drops supercite quotes ("MF> …") of mailing-list replies, but not a ">" inside prose', () => {
    const text = 'MF> how are you?\n  OB> WHERE IS IT??\nf> fine\n\nOh, thanks for the log.';
    expect(extractNewText(text)).toBe('Oh, thanks for the log.');
    expect(extractNewText('If A>B, stop.\nA>B is true.')).toBe('If A>B, stop.\nA>B is true.');
  });

  const attributions: Array<[string, string]> = [
    ['en', 'On Fri, 20 Nov 2026 at 22:14, Anna Berg <anna@client.example> wrote:'],
    ['en (wrapped by Gmail)', 'On Fri, 20 Nov 2026 at 22:14, Anna Berg <\nanna@client.example> wrote:'],
    ['sv', 'Den fre 20 nov. 2026 kl 22:14 skrev Anna Berg <anna@client.example>:'],
    ['sv (Apple Mail)', '20 nov. 2026 kl. 22:14 skrev Anna Berg <anna@client.example>:'],
    ['it', 'Il giorno ven 20 nov 2026 alle ore 22:14 Anna Berg <anna@client.example> ha scritto:'],
    ['de', 'Am Fr., 20. Nov. 2026 um 22:14 Uhr schrieb Anna Berg <anna@client.example>:'],
    ['fr', 'Le ven. 20 nov. 2026 à 22:14, Anna Berg <anna@client.example> a écrit :'],
    ['es', 'El vie, 20 nov 2026 a las 22:14, Anna Berg (<anna@client.example>) escribió:'],
  ];
  for (const [lang, line] of attributions) {
    it(`cuts at the ${lang} attribution line, even when the quote below is not ">"-marked`, () => {
      const text = `Thank you, all good.\n\n${line}\n${QUOTE}\nRegards`;
      expect(extractNewText(text)).toBe('Thank you, all good.');
    });
  }

  const outlook: Array<[string, string, string]> = [
    ['en', 'From: Anna Berg <anna@client.example>', 'Sent: Friday, November 20, 2026 10:14 PM'],
    ['de', 'Von: Anna Berg <anna@client.example>', 'Gesendet: Freitag, 20. November 2026 22:14'],
    ['fr', 'De : Anna Berg <anna@client.example>', 'Envoyé : vendredi 20 novembre 2026 22:14'],
    ['it', 'Da: Anna Berg <anna@client.example>', 'Inviato: venerdì 20 novembre 2026 22:14'],
    ['es', 'De: Anna Berg <anna@client.example>', 'Enviado: viernes, 20 de noviembre de 2026 22:14'],
    ['sv', 'Från: Anna Berg <anna@client.example>', 'Skickat: den 20 november 2026 22:14'],
  ];
  for (const [lang, from, sent] of outlook) {
    it(`cuts at an Outlook header block in ${lang} (${from.split(':')[0]}/${sent.split(':')[0]})`, () => {
      const text = `Sounds good.\n\n________________________________\n${from}\n${sent}\nTo: lead@agency.example\nSubject: Re: x\n\n${QUOTE}`;
      expect(extractNewText(text)).toBe('Sounds good.');
    });
  }

  it('cuts at "-----Original Message-----" and its translations', () => {
    for (const sep of [
      '-----Original Message-----',
      '-----Ursprüngliche Nachricht-----',
      '----- Messaggio originale -----',
    ]) {
      expect(extractNewText(`Fine by me.\n${sep}\n${QUOTE}`)).toBe('Fine by me.');
    }
  });

  it('cuts at a forwarded message', () => {
    expect(extractNewText(`FYI.\n\n---------- Forwarded message ---------\nFrom: x\n${QUOTE}`)).toBe('FYI.');
  });

  it('keeps a bottom-posted reply below an attribution and its ">" quote', () => {
    const text = `On Wed, Nov 19, 2014 at 12:11 AM, Levi <levi@example.org> wrote:\n\n> ${QUOTE}\n> more\n\n+1 from me.\n\n--\nFerenc`;
    expect(extractNewText(text)).toBe('+1 from me.');
  });

  it('keeps inline answers between quoted parts under a wrapped attribution', () => {
    const text = `Den fre 20 nov. 2026 kl 22:14 skrev Anna Berg <\nanna@client.example>:\n> ${QUOTE}\nVi tittar på det.\n> Och fakturan?\nDen kommer i dag.`;
    expect(extractNewText(text)).toBe('Vi tittar på det.\nDen kommer i dag.');
  });

  it('does not take a sentence that merely mentions writing for an attribution', () => {
    const text = 'As I wrote yesterday, the logo is fine:\nplease go ahead.';
    expect(extractNewText(text)).toBe(text);
  });

  it('keeps an angry reply angry above a polite quote (the reverse case)', () => {
    const text = `THIS IS THE THIRD TIME I ASK!\n\nOn Fri, 20 Nov 2026 at 09:00, Lead <lead@agency.example> wrote:\n> Thank you for your patience.`;
    expect(extractNewText(text)).toBe('THIS IS THE THIRD TIME I ASK!');
  });
});

describe('new text: signatures', () => {
  it('cuts at the "-- " delimiter (RFC 3676 §4.3) and at a bare "--"', () => {
    expect(extractNewText('See you.\n-- \nAnna Berg\nCEO')).toBe('See you.');
    expect(extractNewText('See you.\n--\nAnna Berg')).toBe('See you.');
  });
  it('cuts at mobile signatures in several languages', () => {
    for (const sig of [
      'Sent from my iPhone',
      'Get Outlook for iOS',
      'Skickat från min iPhone',
      'Von meinem iPhone gesendet',
      'Inviato da iPhone',
      'Envoyé de mon iPhone',
      'Enviado desde mi iPhone',
    ]) {
      expect(extractNewText(`Ok, thanks.\n\n${sig}\n\n${QUOTE}`)).toBe('Ok, thanks.');
    }
  });
  it('drops inline uuencoded and base64 payloads', () => {
    const uu =
      'See attached.\nbegin 644 logo.png\nM5&AI<R!I<R!A(&QO;F<@;&EN92!O9B!U=65N8V]D960@9&%T82!F;W(@=&5S\n`\nend\nThanks';
    // "Thanks" alone on the last line is a sign-off (email-footer.ts), so it goes too.
    expect(extractNewText(uu)).toBe('See attached.');
    const b64 =
      'Makefile below.\nIy0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0t\nLS0tLS0tLS0tLS0tLS0tLQ0KIyBNYWtlZmlsZSBmb3IgTUlNRTo6DQojLS0t';
    expect(extractNewText(b64)).toBe('Makefile below.');
  });
  it('returns empty text when there is nothing new', () => {
    expect(extractNewText('> only a quote\n> nothing else')).toBe('');
  });
  it('stays fast on hostile input (100,000 blank lines)', () => {
    const t = performance.now();
    expect(extractNewText('hi' + '\n'.repeat(100_000))).toBe('hi');
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('new text: HTML-only mail', () => {
  it('derives text from HTML, decoding entities and dropping scripts and styles', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Hello &amp; welcome&nbsp;back</p><script>x()</script><div>Line&#33;</div></body></html>';
    expect(htmlToText(html)).toBe('Hello & welcome back\n\nLine!');
  });
  it('drops quoted history in Gmail, Outlook and blockquote form', () => {
    expect(
      htmlToText(
        `<div>Fine.</div><div class="gmail_quote">On … wrote:<blockquote>${QUOTE}</blockquote></div>`,
      ),
    ).toBe('Fine.');
    expect(htmlToText(`<p>Fine.</p><div id="divRplyFwdMsg"><b>From:</b> x</div><p>${QUOTE}</p>`)).toBe(
      'Fine.',
    );
    expect(
      htmlToText(`<p>Fine.</p><blockquote>a<blockquote>b</blockquote>${QUOTE}</blockquote><p>Bye</p>`),
    ).toBe('Fine.\n\nBye');
  });
  it('is used when the text part is empty', () => {
    expect(newTextOf({ text: '', html: '<p>Where is my <b>invoice</b>?</p>' })).toBe('Where is my invoice?');
    expect(newTextOf({ text: ' ', html: null })).toBe('');
  });
  it('stays fast on hostile HTML (unclosed tags and comments)', () => {
    const t = performance.now();
    htmlToText('<!--'.repeat(50_000) + '<script'.repeat(20_000) + '<'.repeat(50_000));
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('new text: sign-offs, signatures, disclaimers and initials', () => {
  const signOffs: Array<[string, string]> = [
    ['en', 'Best regards,'],
    ['sv', 'Med vänliga hälsningar'],
    ['it', 'Cordiali saluti'],
    ['de', 'Mit freundlichen Grüßen'],
    ['fr', 'Cordialement,'],
    ['es', 'Un saludo,'],
  ];
  for (const [lang, signOff] of signOffs) {
    it(`drops the signature below a ${lang} sign-off ("${signOff}")`, () => {
      const text = `Could you send the report?\n\n${signOff}\nAnna Berg\nHEAD OF MARKETING | CLIENT AB\n+46 8 123 456`;
      expect(extractNewText(text)).toBe('Could you send the report?');
    });
  }

  it('keeps a postscript after the signature, and a sentence that starts with thanks', () => {
    const text =
      'Thanks, but the logo is still wrong.\n\nRegards,\nAnna\nClient AB\n\nP.S. The invoice is wrong too.';
    expect(extractNewText(text)).toBe(
      'Thanks, but the logo is still wrong.\n\nP.S. The invoice is wrong too.',
    );
  });

  it('keeps a message that is only a thank-you', () => {
    expect(extractNewText('Thanks!')).toBe('Thanks!');
  });

  const disclaimers: Array<[string, string]> = [
    [
      'en',
      'CONFIDENTIALITY NOTICE: THIS EMAIL AND ANY ATTACHMENTS ARE CONFIDENTIAL AND INTENDED SOLELY FOR THE ADDRESSEE.',
    ],
    ['sv', 'Detta e-postmeddelande är konfidentiellt och endast avsett för mottagaren.'],
    ['it', 'QUESTO MESSAGGIO È RISERVATO E DESTINATO ESCLUSIVAMENTE AL DESTINATARIO.'],
    ['de', 'DIESE E-MAIL KANN VERTRAULICHE UND/ODER RECHTLICH GESCHÜTZTE INFORMATIONEN ENTHALTEN.'],
    [
      'fr',
      "Ce message et ses pièces jointes sont confidentiels. Si vous n'êtes pas le destinataire, supprimez-le.",
    ],
    ['es', 'AVISO LEGAL: este mensaje es confidencial y va dirigido exclusivamente a su destinatario.'],
  ];
  for (const [lang, banner] of disclaimers) {
    it(`cuts a ${lang} legal disclaimer or banner`, () => {
      expect(extractNewText(`Report attached.\n\n${banner}\nMORE LEGAL TEXT`)).toBe('Report attached.');
    });
  }

  it('does not cut a first line that merely mentions confidentiality', () => {
    const text = 'This email is confidential: please do not forward the new prices.';
    expect(extractNewText(text)).toBe(text);
  });

  it('drops sign-off initials at the end', () => {
    expect(extractNewText('Site is down again. Call me.\n\nJK')).toBe('Site is down again. Call me.');
    expect(extractNewText('La démo plante encore.\n\nMvB')).toBe('La démo plante encore.');
  });

  it('cuts at an Apple Mail forward in Italian and Spanish', () => {
    expect(extractNewText('Vedi sotto.\n\nInizio messaggio inoltrato:\n\nDa: x\nÈ INACCETTABILE')).toBe(
      'Vedi sotto.',
    );
    expect(extractNewText('Mira abajo.\n\nComienzo del mensaje reenviado:\n\nDe: x\nES INACEPTABLE')).toBe(
      'Mira abajo.',
    );
  });
});
