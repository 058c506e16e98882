import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANGER_THRESHOLD } from '../../src/config/schema.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';

/**
 * Per language: eleven angry or cold-curt emails, eleven polite-urgent, sad or mildly disappointed ones, and three
 * routine ones (a payment date, attachments, a moved meeting) written without any courtesy words.
 */
interface Email {
  lang: string;
  kind: 'angry' | 'cold-angry' | 'polite-urgent' | 'sad' | 'mild' | 'routine';
  text: string;
}
const emails = JSON.parse(
  readFileSync(new URL('../fixtures/tone/emails.json', import.meta.url), 'utf8'),
) as Email[];
const LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'];
// The default of triage.angerThreshold: these fixtures are what it was chosen on.
const THRESHOLD = DEFAULT_ANGER_THRESHOLD;
const classifier = loadBuiltinClassifier();
const isAngry = (e: Email) => e.kind === 'angry' || e.kind === 'cold-angry';
/** Calm mail that says so in its wording; routine mail is checked on its own below. */
const isCourteous = (e: Email) => !isAngry(e) && e.kind !== 'routine';

describe('built-in tone classifier on business emails (committed weights, no ../shared needed)', () => {
  it('has at least ten angry and ten calm fixture emails in each of the six languages', () => {
    for (const lang of LANGUAGES) {
      const own = emails.filter((e) => e.lang === lang);
      expect(own.filter(isAngry).length, lang).toBeGreaterThanOrEqual(10);
      expect(own.filter(isCourteous).length, lang).toBeGreaterThanOrEqual(10);
    }
  });

  it('keeps a margin of at least 0.05 on both sides of the default threshold', () => {
    const angry = emails.filter(isAngry).map((e) => classifier.score(e.text, e.lang).score);
    const calm = emails.filter(isCourteous).map((e) => classifier.score(e.text, e.lang).score);
    expect(Math.min(...angry) - THRESHOLD).toBeGreaterThanOrEqual(0.05);
    expect(THRESHOLD - Math.max(...calm)).toBeGreaterThanOrEqual(0.05);
  });

  it('flags at most three of the eighteen routine emails (known limit: terse it/fr/es mail scores 0.45-0.55)', () => {
    // A text without evidence either way scores about 0.37 (the corpora's base rate), and short Romance-language
    // sentences lean angry in the subtitle corpus; courtesy words pull polite mail well below, routine mail not.
    const routine = emails.filter((e) => e.kind === 'routine');
    expect(routine).toHaveLength(18);
    const flagged = routine.filter((e) => classifier.score(e.text, e.lang).score >= THRESHOLD);
    expect(flagged.length, flagged.map((e) => e.text).join('\n')).toBeLessThanOrEqual(3);
    expect(flagged.every((e) => ['it', 'fr', 'es'].includes(e.lang))).toBe(true);
  });

  it('explains the misses of the first model by the cues that now catch them', () => {
    const cuesOf = (text: string) => classifier.score(text, 'und').cues.join(' | ');
    expect(cuesOf('This is completely unacceptable! I have asked THREE TIMES already.')).toMatch(
      /repeated request: "asked three times".*\| shouting in capitals|shouting in capitals.*repeated request/,
    );
    const italian = cuesOf('Siete dei dilettanti. Vi ho scritto tre volte e nessuno risponde!!!');
    expect(italian).toContain('contempt: "dilettanti"');
    expect(italian).toContain('repeated request: "scritto tre volte"');
    expect(cuesOf('I am furious.')).toBe('states anger: "i am furious"');
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const own = emails.filter((e) => e.lang === lang);
      for (const e of own.filter((x) => x.kind !== 'routine')) {
        const verdict = isAngry(e) ? 'angry' : 'not angry';
        it(`${e.kind} reads as ${verdict}: ${e.text.slice(0, 60)}…`, () => {
          const { score } = classifier.score(e.text, lang);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          if (isAngry(e)) expect(score).toBeGreaterThanOrEqual(THRESHOLD);
          else expect(score).toBeLessThan(THRESHOLD);
        });
      }

      it('ranks every angry email above every polite, sad or mildly disappointed one', () => {
        const angry = own.filter(isAngry).map((e) => classifier.score(e.text, lang).score);
        const calm = own.filter((e) => !isAngry(e)).map((e) => classifier.score(e.text, lang).score);
        expect(Math.min(...angry)).toBeGreaterThan(Math.max(...calm));
      });

      it('explains cold, curt anger without swear words by its business cues', () => {
        for (const e of own.filter((x) => x.kind === 'cold-angry')) {
          const { cues } = classifier.score(e.text, lang);
          expect(cues.some((c) => /threat to cancel|legal threat/.test(c))).toBe(true);
        }
      });

      it('gives no reasons for polite urgency', () => {
        for (const e of own.filter((x) => x.kind === 'polite-urgent')) {
          expect(classifier.score(e.text, lang).cues).toEqual([]);
        }
      });
    });
  }

  it('names the cues of the cold-anger example from the brief, most important first', () => {
    const result = classifier.score(
      'This is the third time I ask. Fix it today or we end the contract.',
      'en',
    );
    expect(result.cues[0]).toBe('threat to cancel: "end the contract"');
    expect(result.cues).toContain('repeated request: "is the third time"');
  });

  describe('long emails are scored by their angriest passage', () => {
    const polite = [
      'Hi Maria,',
      'Thanks for sending over the draft of the spring campaign. We went through it with the marketing team this ' +
        'morning and overall we really like the direction, especially the new photography and the headlines.',
      'A few small things: could you make the logo on the landing page a bit larger, and swap the second banner ' +
        'image for one of the outdoor shots we sent last week? The disclaimer also needs our new address.',
      'Regarding timing, the board meeting moved to Thursday, so it would be great to have the revised version by ' +
        'Wednesday afternoon if possible. Let me know if that is too tight.',
      'Best regards,\nJonas',
    ].join('\n\n');

    it('a long, friendly change request is not angry', () => {
      expect(classifier.score(polite, 'en').score).toBeLessThan(THRESHOLD);
    });

    it('one exasperated paragraph in the same email is found', () => {
      const text = polite.replace(
        'Regarding timing,',
        'Frankly, I am fed up: this is the third time we send the same corrections and they are still not done. ' +
          'Regarding timing,',
      );
      const result = classifier.score(text, 'en');
      expect(result.score).toBeGreaterThanOrEqual(THRESHOLD);
      expect(result.cues).toContain('exasperation: "fed up"');
    });

    it('a veiled threat after weeks of waiting is angry', () => {
      const text =
        'I have now waited two weeks for the revised banners. Nobody answers the phone. This is simply not ' +
        'acceptable for the money we pay you. Otherwise we will have to reconsider our collaboration.';
      const result = classifier.score(text, 'en');
      expect(result.score).toBeGreaterThanOrEqual(THRESHOLD);
      expect(result.cues[0]).toBe('threat to cancel: "reconsider our collaboration"');
    });
  });

  it('does not take a polite request to cancel a test subscription for a threat, in any language', () => {
    const requests: [string, string][] = [
      ['en', 'Could you please cancel the trial subscription? Thanks!'],
      ['sv', 'Kan ni avsluta testabonnemanget? Tack!'],
      ['it', "Potreste annullare l'abbonamento di prova? Grazie."],
      ['de', 'Könnten Sie bitte das alte Test-Abo kündigen? Danke!'],
      ['fr', "Pourriez-vous annuler l'abonnement de test ? Merci."],
      ['es', '¿Podrían cancelar la suscripción de prueba, por favor?'],
    ];
    for (const [lang, text] of requests) {
      const result = classifier.score(text, lang);
      expect(result.score, text).toBeLessThan(THRESHOLD);
      expect(result.cues.join(), text).not.toMatch(/threat/);
    }
  });

  it('reports shouting and exclamation runs as readable reasons', () => {
    const { cues } = classifier.score('WHERE IS THE REPORT YOU PROMISED!!! Nobody answers.', 'en');
    expect(cues).toContain('shouting in capitals');
    expect(cues).toContain('exclamation run (!!)');
  });

  it('is deterministic and ignores the language code (weights are shared by all languages)', () => {
    const text = 'Das ist inakzeptabel. Wir warten immer noch.';
    expect(classifier.score(text, 'de')).toEqual(classifier.score(text, 'de'));
    expect(classifier.score(text, 'und').score).toBe(classifier.score(text, 'de').score);
  });

  it('loads the weights once', () => {
    expect(loadBuiltinClassifier()).toBe(classifier);
  });
});
