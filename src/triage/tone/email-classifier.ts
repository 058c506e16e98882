import type { ToneClassifier, ToneScore } from './classifier.ts';
import type { EmailModel } from './email-model-file.ts';
import type { Evidence } from './email-features.ts';
import { featurize } from './featurize.ts';
import { HEAD_NAMES, headLogit, headProbability, PackedHeads, type HeadName } from './heads.ts';
import { evidenceReasons, learntReasons, mergeReasons } from './explain.ts';
import type { PaymentKind } from '../payment.ts';

const PAYMENT_KINDS: PaymentKind[] = ['none', 'promise', 'paid', 'dispute', 'extension'];
/** Learnt words are only named for messages that score at least this; below it they are noise to a lead. */
const REASONS_FROM = 0.25;
const MAX_CUES = 8;
const EMPTY: ToneScore = {
  score: 0,
  cues: [],
  intensity: { concerned: 0, hostile: 0 },
  urgent: { score: 0, urgent: false, cues: [] },
  payment: { kind: 'none', cues: [] },
};

const isAngerEvidence = (e: Evidence) =>
  !e.id.startsWith('urgency:') && !e.id.startsWith('payment:') && e.id !== 'softener';
const angerFeature = (e: Evidence) =>
  e.id === 'shouting' ? 'shouting' : e.id === 'sarcasm' ? 'sarcasm:praise-around-failure' : `cue:${e.id}`;

/** Scores a message with the shipped heads; pure and synchronous, so concurrent calls cannot interfere. */
export class EmailToneClassifier implements ToneClassifier {
  readonly name = 'tactful-email';

  /** Every head but anger (which has a larger table of its own), scored in one pass. */
  private readonly packed: PackedHeads;
  private readonly packedNames: HeadName[];

  constructor(private readonly model: EmailModel) {
    this.packedNames = HEAD_NAMES.filter((h) => h !== 'anger');
    this.packed = new PackedHeads(this.packedNames.map((h) => model.heads[h]));
  }

  /** The default threshold chosen at training time (documented in the README). */
  get angerThreshold(): number {
    return this.model.angerThreshold;
  }

  score(text: string, _language: string, subject?: string): ToneScore {
    const body = typeof text === 'string' ? text : '';
    const subj = typeof subject === 'string' ? subject : '';
    if (body.trim() === '' && subj.trim() === '') return EMPTY;
    const f = featurize(this.model.background, subj, body);
    // No words at all (emoji only, binary noise): nothing to judge.
    if (f.tokens === 0) return EMPTY;
    const { heads } = this.model;
    const logits = this.packed.logits(f);
    const p = (name: HeadName) =>
      headProbability(
        heads[name],
        name === 'anger' ? headLogit(heads.anger, f) : (logits[this.packedNames.indexOf(name)] as number),
      );
    const score = p('anger');

    // A calm verdict has no anger cues to show: below REASONS_FROM they would only be noise to a lead.
    const cues =
      score >= REASONS_FROM
        ? mergeReasons(
            evidenceReasons(heads.anger, f, isAngerEvidence, angerFeature),
            learntReasons(heads.anger, f, 3),
            MAX_CUES,
          )
        : [];

    const urgentScore = p('urgent');
    const urgentCues = mergeReasons(
      evidenceReasons(
        heads.urgent,
        f,
        (e) => e.id.startsWith('urgency:'),
        (e) => e.id,
      ),
      urgentScore >= 0.5 ? learntReasons(heads.urgent, f, 2) : [],
      4,
    );

    // Payment talk needs a payment word: the learnt heads alone once read a plain thank-you as a promise.
    let kind: PaymentKind = 'none';
    if (f.mentionsPayment) {
      let best = -1;
      for (const k of PAYMENT_KINDS) {
        const pk = p(`payment:${k}`);
        if (pk > best) [best, kind] = [pk, k];
      }
    }
    const paymentCues =
      kind === 'none'
        ? []
        : mergeReasons(
            evidenceReasons(
              heads[`payment:${kind}`],
              f,
              (e) => e.id === `payment:${kind}`,
              (e) => e.id,
            ),
            learntReasons(heads[`payment:${kind}`], f, 1),
            2,
          );

    return {
      score,
      cues,
      intensity: { concerned: Math.max(score, p('concerned')), hostile: Math.min(score, p('hostile')) },
      urgent: { score: urgentScore, urgent: urgentScore >= 0.5, cues: urgentCues },
      payment: { kind, cues: paymentCues },
    };
  }
}
