/**
 * Turns corpus messages into feature rows exactly as triage sees a message: the new text of the body (HTML-only
 * mail through htmlToText, quotes, forwards, signatures and disclaimers removed) and the subject when it is
 * fresh, then featurize(). Folds for cross-validation are stratified by language.
 */
import { freshSubject, newTextOf } from '../../src/triage/triage.ts';
import { featurize } from '../../src/triage/tone/featurize.ts';
import type { EmailFeatures } from '../../src/triage/tone/email-features.ts';
import type { ToneParameters } from '../../src/triage/tone/parameters.ts';
import { fnv1a } from '../../src/triage/tone/hash.ts';
import type { CorpusMessage } from './corpus-schema.ts';
import { withoutCourtesy } from './augment.ts';

export interface EmailRow {
  m: CorpusMessage;
  f: EmailFeatures;
  fold: number;
}

export function messageText(m: CorpusMessage): { subject: string; body: string } {
  const html = m.format === 'html';
  return {
    subject: freshSubject(m.subject),
    body: newTextOf({ text: html ? '' : m.body, html: html ? m.body : null }),
  };
}

/** Fold k of `folds`: within each language, messages ordered by a hash of their id are dealt out in turn. */
export function assignFolds(messages: CorpusMessage[], folds: number): Map<string, number> {
  const out = new Map<string, number>();
  const byLang = new Map<string, CorpusMessage[]>();
  for (const m of messages) byLang.set(m.lang, [...(byLang.get(m.lang) ?? []), m]);
  for (const list of byLang.values()) {
    list
      .map((m) => ({ m, h: fnv1a(`fold:${m.id}`) }))
      .sort((a, b) => a.h - b.h || a.m.id.localeCompare(b.m.id))
      .forEach(({ m }, i) => out.set(m.id, i % folds));
  }
  return out;
}

export function emailRows(messages: CorpusMessage[], background: ToneParameters, folds: number): EmailRow[] {
  const fold = assignFolds(messages, folds);
  return messages.map((m) => {
    const { subject, body } = messageText(m);
    return { m, f: featurize(background, subject, body), fold: fold.get(m.id)! };
  });
}

/** Calm messages again without their courtesy (augment.ts), in the fold of their original. */
export function courtesyFreeRows(rows: EmailRow[], background: ToneParameters): EmailRow[] {
  const out: EmailRow[] = [];
  for (const r of rows) {
    if (r.m.intensity > 0) continue;
    const { subject, body } = messageText(r.m);
    const stripped = withoutCourtesy(body);
    if (stripped !== null) out.push({ m: r.m, f: featurize(background, subject, stripped), fold: r.fold });
  }
  return out;
}
