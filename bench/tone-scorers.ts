/**
 * The three anger scorers compared by bench/tone.ts. VADER and AFINN are English sentiment lexicons: their
 * anger score is the negated sentiment (negative compound / negative comparative), the usual way to press a
 * polarity lexicon into anger detection.
 */
import { createRequire } from 'node:module';
import { loadBuiltinClassifier, loadModelFile, BUILTIN_MODEL_PATH } from '../src/tone-model/load.ts';
import { extractFeatures } from '../src/triage/tone/features.ts';
import { rawLogit } from '../src/triage/tone/parameters.ts';

const require = createRequire(import.meta.url);
// Neither package ships types; these are the only calls used.
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};
const Sentiment = require('sentiment') as new () => { analyze(text: string): { comparative: number } };

export interface Scorer {
  name: string;
  score(text: string, language: string): number;
}

export function scorers(): Scorer[] {
  const tactful = loadBuiltinClassifier();
  const afinn = new Sentiment();
  return [
    // A sentence of a general corpus is scored as the new text of a message without a subject.
    { name: 'Tactful', score: (text, language) => tactful.score(text, language).score },
    { name: 'VADER', score: (text) => -vader.SentimentIntensityAnalyzer.polarity_scores(text).compound },
    { name: 'AFINN', score: (text) => -afinn.analyze(text).comparative },
  ];
}

/**
 * The background layer alone: the general-text model (GoEmotions, XED) whose logit is one feature of the mail
 * heads. Not how Tactful judges mail; shown beside the mail head on the general corpora to tell how much of the gap
 * to a target there is the general-text model's own ceiling and how much the mail head's specialisation.
 */
export function backgroundScorer(): Scorer {
  const background = loadModelFile(BUILTIN_MODEL_PATH).background;
  return {
    name: 'Tactful background layer',
    score: (text) => rawLogit(background, extractFeatures(text, background.hashBits)),
  };
}
