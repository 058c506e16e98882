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

  it('counts repeated requests by numerals and words in all six languages', () => {
    for (const text of [
      'I have asked THREE TIMES already.',
      "I've written twice and nobody answers.",
      'For the 3rd time: the invoice is wrong.',
      'Jag har skrivit tre gånger.',
      'Vi ho scritto tre volte e nessuno risponde.',
      'Ich habe schon drei Mal nachgefragt.',
      'Ich habe Ihnen dreimal geschrieben.',
      'Je vous ai écrit trois fois.',
      'Les he escrito tres veces.',
    ]) {
      expect(cuesOf(text), text).toContain('repeated');
    }
    for (const schedule of [
      'The new page loads three times faster.',
      'Wir treffen uns drei Mal pro Woche.',
      'Publicamos tres veces por semana.',
      'Nous publions trois fois par semaine.',
    ]) {
      expect(cuesOf(schedule), schedule).not.toContain('repeated');
    }
  });

  it('finds contempt for competence and stated anger in all six languages', () => {
    for (const text of [
      'You are a bunch of amateurs.',
      'Ni är amatörer.',
      'Siete dei dilettanti.',
      'Sie sind völlig inkompetent.',
      'Vous êtes nuls.',
      'Son unos incompetentes.',
    ]) {
      expect(cuesOf(text), text).toContain('contempt');
    }
    for (const text of [
      'I am furious.',
      'I’m absolutely livid.',
      'Jag är rasande.',
      'Sono furioso.',
      'Ich bin stinksauer.',
      'Je suis furieux.',
      'Estoy furioso.',
    ]) {
      expect(cuesOf(text), text).toContain('anger');
    }
    expect(cuesOf('The client was angry with their previous agency.')).not.toContain('anger');
  });

  it('takes a deadline for an ultimatum only when it names a consequence', () => {
    expect(cuesOf('Fix it by Friday, otherwise we will escalate to your CEO.')).toContain('ultimatum');
    expect(cuesOf('Rätta den senast fredag, annars tar vi det vidare.')).toContain('ultimatum');
    expect(cuesOf('Bis spätestens Freitag, sonst werden wir kündigen.')).toContain('ultimatum');
    expect(cuesOf('We need the banners by Friday if possible.')).not.toContain('ultimatum');
    expect(cuesOf('Wenn möglich bis Freitag, sonst Montag.')).not.toContain('ultimatum');
  });

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
    // Two capitalised words in a row are enough; acronyms neither count nor break the run.
    expect(cuesOf('I have asked THREE TIMES already.')).toContain('shouting');
    expect(cuesOf('Sie haben die Frist SCHON WIEDER verpasst.')).toContain('shouting');
    expect(cuesOf('SEND THE PDF NOW')).toContain('shouting');
    expect(cuesOf('Please send the PDF ASAP.')).not.toContain('shouting');
    expect(cuesOf('You missed the deadline AGAIN.')).not.toContain('shouting');
    expect(isShouting('I have asked THREE TIMES')).toBe(true);
    expect(isShouting('Send the PDF ASAP')).toBe(false);
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
      'I have asked THREE TIMES already. I am furious, you are amateurs.',
      'Siete dei dilettanti. Vi ho scritto tre volte, sono furioso. Entro venerdì, altrimenti ci rivolgeremo altrove.',
      'Ich habe schon drei Mal nachgefragt. Ich bin stinksauer, Sie sind Amateure und inkompetent.',
      'Je vous ai écrit trois fois. Je suis furieux, vous êtes nuls.',
      'Os he escrito tres veces. Estoy furioso, sois unos inútiles.',
      'Jag har skrivit tre gånger. Jag är rasande, ni är amatörer.',
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
