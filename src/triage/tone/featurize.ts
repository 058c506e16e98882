import { extractEmailFeatures, MAX_SUBJECT, type EmailFeatures, type Evidence } from './email-features.ts';
import { extractFeatures } from './features.ts';
import { CUE_IDS } from './cues.ts';
import { rawLogit, type ToneParameters } from './parameters.ts';
import { capText } from './text.ts';

/** The dense feature that carries the background model's logit (see DENSE_NAMES). */
const BACKGROUND = 0;
/** The typographic cues of the background model; email-features.ts judges capitals and punctuation itself. */
const STYLE_IDS = new Set(['shouting', 'exclaim', 'questions']);

/**
 * Features of one message for the heads, identical in training (scripts/train-tone.ts) and scoring: the
 * background model (general corpora, features.ts) reads subject and new text as one text, its logit and its
 * curated cue phrases become dense features, then email-features.ts adds the email-specific ones.
 */
export function featurize(background: ToneParameters, subject: string, body: string): EmailFeatures {
  // The same text as extractEmailFeatures builds, so that cue offsets found here are offsets there too.
  const subj = capText(subject).slice(0, MAX_SUBJECT);
  const whole = subj ? `${subj}\n\n${capText(body)}` : capText(body);
  const bg = extractFeatures(whole, background.hashBits);
  const lower = whole.toLowerCase();
  const phrases: Evidence[] = [];
  for (const hit of bg.cues) {
    if (STYLE_IDS.has(hit.id) || hit.phrase === undefined || !CUE_IDS.includes(hit.id)) continue;
    // Cue phrases are matched on lower case with whitespace collapsed; find the original span to quote it.
    const at = lower.length === whole.length ? lower.indexOf(hit.phrase) : -1;
    phrases.push({ id: hit.id, label: hit.label, start: at, end: at < 0 ? -1 : at + hit.phrase.length });
  }
  const f = extractEmailFeatures(subj, body, phrases);
  f.dense[BACKGROUND] = bg.slots.length === 0 && bg.cues.length === 0 ? 0 : rawLogit(background, bg);
  return f;
}
