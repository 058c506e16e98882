import { describe, expect, it } from 'vitest';
import { CUE_IDS, detectCues, isShouting } from '../../src/triage/tone/cues.ts';
import { PHRASE_CUES } from '../../src/triage/tone/cue-phrases.ts';
import { literalWords, STOP_WORDS } from '../../src/triage/tone/cue-triggers.ts';
import { extractFeatures } from '../../src/triage/tone/features.ts';

/** Cues as the scorer finds them: through the tokenizer's trigger words (the fast path). */
const cuesOf = (text: string) => extractFeatures(text, 12).cues.map((c) => c.id);
/** Cues by running every expression over the whole text (the slow reference). */
const referenceCuesOf = (text: string) => detectCues(text, text.toLowerCase()).map((c) => c.id);

const THREATS: Record<string, { third: string; cancel: string; lawyer: string }> = {
  en: {
    third: 'This is the third time I ask.',
    cancel: 'We will cancel the contract.',
    lawyer: 'Our lawyer will contact you.',
  },
  sv: {
    third: 'Det är tredje gången jag frågar.',
    cancel: 'Vi säger upp avtalet.',
    lawyer: 'Vår advokat kontaktar er.',
  },
  it: {
    third: 'È la terza volta che lo chiedo.',
    cancel: 'Disdiciamo il contratto.',
    lawyer: 'Il nostro avvocato vi contatterà.',
  },
  de: {
    third: 'Ich frage zum dritten Mal.',
    cancel: 'Wir kündigen den Vertrag.',
    lawyer: 'Unser Anwalt meldet sich.',
  },
  fr: {
    third: 'C’est la troisième fois que je demande.',
    cancel: 'Nous allons résilier le contrat.',
    lawyer: 'Notre avocat vous contactera.',
  },
  es: {
    third: 'Es la tercera vez que lo pido.',
    cancel: 'Vamos a cancelar el contrato.',
    lawyer: 'Nuestro abogado se pondrá en contacto.',
  },
};

describe('curated cues', () => {
  for (const [lang, t] of Object.entries(THREATS)) {
    it(`finds "third time", cancel and lawyer threats in ${lang}`, () => {
      expect(cuesOf(t.third)).toContain('repeated');
      expect(cuesOf(t.cancel)).toContain('cancel');
      expect(cuesOf(t.lawyer)).toContain('legal');
    });
  }

  it('finds sarcasm, "still waiting" and "unacceptable"', () => {
    expect(cuesOf('Great job... NOT.')).toContain('sarcasm');
    expect(cuesOf('Thanks for nothing, as usual.')).toContain('sarcasm');
    expect(cuesOf('We are still waiting for the files.')).toContain('waiting');
    expect(cuesOf('Ich warte immer noch auf die Dateien.')).toContain('waiting');
    expect(cuesOf('Esto es inaceptable.')).toContain('unacceptable');
    expect(cuesOf('Questo è ridicolo.')).toContain('ridiculous');
  });

  it('does not take ordinary business for a threat', () => {
    expect(cuesOf('Could we cancel the meeting on Friday and meet on Monday?')).not.toContain('cancel');
    expect(cuesOf('Please send the contract to our lawyer… just kidding, to me.')).not.toContain('cancel');
    expect(cuesOf('For the first time we hit our targets.')).not.toContain('repeated');
    expect(cuesOf('Could you cancel the old test account?')).not.toContain('cancel');
    for (const request of [
      'Kan ni avsluta testabonnemanget? Tack!',
      "Potreste annullare l'abbonamento di prova? Grazie.",
      'Könnten Sie bitte das alte Test-Abo kündigen? Danke!',
      "Pourriez-vous annuler l'abonnement de test ? Merci.",
      '¿Podrían cancelar la suscripción de prueba, por favor?',
    ]) {
      expect(cuesOf(request), request).not.toContain('cancel');
    }
    expect(cuesOf('At the end of the month we review the account together.')).not.toContain('cancel');
    expect(cuesOf('Our legal team approved the contract.')).not.toContain('legal');
    expect(cuesOf("Unless this is fixed, I'll terminate the agreement.")).toContain('cancel');
    expect(cuesOf('We are forced to cancel our subscription.')).toContain('cancel');
  });

  it('sees shouting in capitals but not in acronyms', () => {
    expect(cuesOf('WHY IS THIS STILL BROKEN')).toContain('shouting');
    expect(cuesOf('Please send the PDF and the SEO report ASAP to our CEO.')).not.toContain('shouting');
    expect(isShouting('I AM DONE WITH THIS')).toBe(true);
    expect(isShouting('Send the PDF to the CEO')).toBe(false);
  });

  it('sees exclamation runs and repeated question marks', () => {
    expect(cuesOf('Where is it!!!')).toContain('exclaim');
    expect(cuesOf('Where is it?!')).toContain('exclaim');
    expect(cuesOf('Where is it??')).toContain('questions');
    expect(cuesOf('Where is it? Thanks!')).toEqual([]);
  });

  it('fast path finds exactly what the full scan finds', () => {
    const samples = [
      ...Object.values(THREATS).flatMap((t) => [t.third, t.cancel, t.lawyer]),
      'Thanks for nothing. Still waiting. This is ridiculous and unacceptable, or else!',
      'Tack för ingenting, som vanligt. Nu räcker det.',
      'Grazie per niente, come al solito. Adesso basta.',
      'Danke für nichts, wie üblich. Jetzt reicht es, letzte Chance.',
      'Merci pour rien, comme d’habitude. Ça suffit, dernière chance.',
      'Gracias por nada, como de costumbre. Ya basta, última oportunidad.',
      'Find another agency? We will leave a bad review and tell everyone.',
      'We have waited 3 weeks. We may have to reconsider our collaboration.',
    ];
    for (const s of samples) expect(cuesOf(s)).toEqual(referenceCuesOf(s));
  });

  it('every cue phrase keeps trigger words that are not stop words', () => {
    for (const cue of PHRASE_CUES) {
      for (const phrase of cue.phrases) {
        const triggers = literalWords(phrase).filter((w) => !STOP_WORDS.has(w));
        expect(triggers.length, `${cue.id}: ${phrase}`).toBeGreaterThan(0);
      }
    }
  });

  it('has unique cue ids', () => {
    expect(new Set(CUE_IDS).size).toBe(CUE_IDS.length);
  });
});
