/**
 * The project corpus part of bench:tone: every message goes through the production path (new text of the body,
 * fresh subject, the shipped classifier) and is compared with its hand labels. VADER and AFINN get thresholds
 * tuned on the training corpus (best mean F1 over bootstrap resamples), never on the test set.
 */
import type { CorpusMessage } from '../scripts/tone/corpus-schema.ts';
import { TONE_LANGS } from '../scripts/tone/corpus-schema.ts';
import { messageText } from '../scripts/tone/email-rows.ts';
import { prf, stableF1Threshold, type Prf } from '../scripts/tone/metrics.ts';
import { reliability } from '../scripts/tone/report.ts';
import type { EmailToneClassifier } from '../src/triage/tone/email-classifier.ts';
import type { Scorer } from './tone-scorers.ts';

export interface OwnResults {
  anger: Prf;
  angerByLang: Record<string, Prf & { n: number }>;
  urgent: Prf;
  urgentByLang: Record<string, Prf>;
  paymentAccuracy: number;
  paymentByKind: Record<string, Prf & { n: number }>;
  levelAccuracy: number;
  reliability: ReturnType<typeof reliability>;
  lexicons: Record<string, Prf>;
  n: number;
  /** Anger at another threshold (the corpus-prior best F1 of the training side), from the same scores. */
  angerAt?: { threshold: number; all: Prf; byLang: Record<string, Prf> };
}

const LEVELS = ['calm', 'concerned', 'upset', 'hostile'];

function binary(pred: boolean[], gold: boolean[]): Prf {
  return prf(
    pred.map((p) => (p ? 1 : 0)),
    gold.map((g) => (g ? 1 : 0)),
    0.5,
  );
}

export function evaluateOwn(
  test: CorpusMessage[],
  train: CorpusMessage[],
  classifier: EmailToneClassifier,
  lexicons: Scorer[],
  otherThreshold?: number,
): OwnResults {
  const threshold = classifier.angerThreshold;
  const judged = test.map((m) => {
    const { subject, body } = messageText(m);
    return { m, s: classifier.score(body, m.lang, subject) };
  });
  const angryPred = judged.map((j) => j.s.score >= threshold);
  const angryGold = judged.map((j) => j.m.angry);
  const urgentPred = judged.map((j) => j.s.urgent?.urgent ?? false);
  const urgentGold = judged.map((j) => j.m.urgent);
  const byLang = <T>(f: (idx: number[]) => T) =>
    Object.fromEntries(
      TONE_LANGS.map((l) => [l, f(judged.map((j, i) => (j.m.lang === l ? i : -1)).filter((i) => i >= 0))]),
    );
  const pick = <T>(xs: T[], idx: number[]) => idx.map((i) => xs[i] as T);
  const paymentPred = judged.map((j) => j.s.payment?.kind ?? 'none');
  const levelOf = (score: number, intensity: { concerned: number; hostile: number } | undefined) => {
    const angry = score >= threshold;
    if (!intensity) return angry ? 2 : 0;
    if (angry) return intensity.hostile >= 0.5 * score ? 3 : 2;
    return Math.max(0, intensity.concerned - score) >= 0.5 * (1 - score) ? 1 : 0;
  };
  const lexiconResults: Record<string, Prf> = {};
  for (const lex of lexicons) {
    const text = (m: CorpusMessage) => {
      const { subject, body } = messageText(m);
      return subject ? `${subject}\n\n${body}` : body;
    };
    const t = stableF1Threshold(
      train.map((m) => lex.score(text(m), m.lang)),
      train.map((m) => (m.angry ? 1 : 0)),
    );
    lexiconResults[lex.name] = prf(
      test.map((m) => lex.score(text(m), m.lang)),
      test.map((m) => (m.angry ? 1 : 0)),
      t,
    );
  }
  const otherPred = judged.map((j) => j.s.score >= (otherThreshold ?? threshold));
  const angerAt =
    otherThreshold === undefined
      ? undefined
      : {
          threshold: otherThreshold,
          all: binary(otherPred, angryGold),
          byLang: byLang((idx) => binary(pick(otherPred, idx), pick(angryGold, idx))),
        };
  return {
    angerAt,
    n: test.length,
    anger: binary(angryPred, angryGold),
    angerByLang: byLang((idx) => ({ n: idx.length, ...binary(pick(angryPred, idx), pick(angryGold, idx)) })),
    urgent: binary(urgentPred, urgentGold),
    urgentByLang: byLang((idx) => binary(pick(urgentPred, idx), pick(urgentGold, idx))),
    paymentAccuracy: judged.filter((j, i) => paymentPred[i] === j.m.payment).length / (judged.length || 1),
    paymentByKind: Object.fromEntries(
      ['promise', 'paid', 'dispute', 'extension', 'none'].map((k) => [
        k,
        {
          n: judged.filter((j) => j.m.payment === k).length,
          ...binary(
            paymentPred.map((p) => p === k),
            judged.map((j) => j.m.payment === k),
          ),
        },
      ]),
    ),
    levelAccuracy:
      judged.filter((j) => LEVELS[levelOf(j.s.score, j.s.intensity)] === LEVELS[j.m.intensity]).length /
      (judged.length || 1),
    reliability: reliability(
      judged.map((j) => j.s.score),
      judged.map((j) => (j.m.angry ? 1 : 0)),
    ),
    lexicons: lexiconResults,
  };
}
