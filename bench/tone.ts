/**
 * npm run bench:tone — one table of how well Tactful judges client mail, and what it costs:
 *
 * - the project's frozen test set (data/tone/test, written apart from the training set): anger, urgency and
 *   payment talk through the production path at the shipped default threshold, with a reliability table of the
 *   calibrated score; VADER and AFINN anger F1 beside it (thresholds tuned on the training corpus);
 * - SpamAssassin ham (real 2002–03 mail): the share flagged angry by the text model and by triage() (which
 *   judges anger on personal mail only), per group: easy-ham-1 is the development set, the others are held out;
 * - GoEmotions dev (anger or annoyance) and the held-back part of XED per language, Tactful against VADER and
 *   AFINN, each method's threshold tuned on the calibration slice of the training side (scripts/tone/data.ts);
 * - `triage()` emails per CPU-second on one core, and the size of the model file.
 * Nothing here trains or tunes the model. `--skip-test` leaves the frozen test set unread; `--quick` also skips
 * SpamAssassin and the speed run.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadTestCorpus, loadTrainCorpus } from '../scripts/tone/corpus.ts';
import { dataAvailable, loadAll, SPLIT_DESCRIPTION, type Example } from '../scripts/tone/data.ts';
import { prf, rocAuc, stableF1Threshold, type Prf } from '../scripts/tone/metrics.ts';
import { BUILTIN_MODEL_PATH, loadBuiltinClassifier } from '../src/tone-model/load.ts';
import { evaluateHam, HAM_DEV_GROUP } from './tone-ham.ts';
import { evaluateOwn } from './tone-own.ts';
import { backgroundScorer, scorers, type Scorer } from './tone-scorers.ts';
import { triageRate } from './tone-speed.ts';

const LANGS = ['en', 'sv', 'it', 'de', 'fr', 'es'];
const f3 = (x: number) => x.toFixed(3);
const prfCell = (m: Prf) => `F1 ${f3(m.f1)} · P ${f3(m.precision)} · R ${f3(m.recall)}`;
const rows: [string, string, string, string, string][] = [];
const row = (measure: string, tactful: string, vader = '', afinn = '', target = '') =>
  rows.push([measure, tactful, vader, afinn, target]);

function general(all: Example[], methods: Scorer[], background: Scorer): void {
  const go = all.filter((e) => e.source === 'goemotions');
  const tasks = [
    {
      name: 'GoEmotions dev F1 (anger or annoyance)',
      tune: go.filter((e) => e.split === 'calib'),
      test: go.filter((e) => e.split === 'dev'),
      auc: false,
    },
    ...LANGS.map((lang) => {
      const xed = all.filter((e) => e.source === 'xed' && e.lang === lang);
      return {
        name: `XED ${lang} AUC (held-back 20 %)`,
        tune: xed.filter((e) => e.split === 'calib'),
        test: xed.filter((e) => e.split === 'test'),
        auc: true,
      };
    }),
  ];
  for (const task of tasks) {
    const cells = [...methods, background].map((s) => {
      const labels = task.test.map((e) => e.label);
      const scores = task.test.map((e) => s.score(e.text, e.lang));
      if (task.auc) return rocAuc(scores, labels);
      const t = stableF1Threshold(
        task.tune.map((e) => s.score(e.text, e.lang)),
        task.tune.map((e) => e.label),
      );
      return prf(scores, labels, t).f1;
    });
    const target = task.auc ? '> lexicons' : `≥ 0.47 and ≥ 1.3 × AFINN (${f3(1.3 * cells[2]!)})`;
    row(task.name, f3(cells[0]!), f3(cells[1]!), f3(cells[2]!), target);
    row(`  the same, background layer alone (not the mail judgement)`, f3(cells[3]!));
  }
}

async function main(): Promise<void> {
  const classifier = loadBuiltinClassifier();
  const methods = scorers();
  // --skip-test: check everything else without reading the frozen test set (e.g. while developing the bench).
  // --quick: the general corpora and the model size only (the tests use it).
  const quick = process.argv.includes('--quick');
  const test = process.argv.includes('--skip-test') || quick ? [] : loadTestCorpus();
  const train = loadTrainCorpus();
  console.log(
    `Default anger threshold ${classifier.angerThreshold} (chosen on out-of-fold training predictions).`,
  );
  if (test.length > 0) {
    const meta = JSON.parse(readFileSync(BUILTIN_MODEL_PATH, 'utf8')) as {
      meta?: { crossValidation?: { anger?: { bestF1ThresholdAtCorpusPrior?: number } } };
    };
    const corpusBest = meta.meta?.crossValidation?.anger?.bestF1ThresholdAtCorpusPrior;
    const own = evaluateOwn(test, train, classifier, methods.slice(1), corpusBest);
    row(
      `Own test set: anger, all (${own.n} messages)`,
      prfCell(own.anger),
      f3(own.lexicons.VADER!.f1),
      f3(own.lexicons.AFINN!.f1),
      'F1 ≥ 0.90',
    );
    for (const lang of LANGS) {
      const m = own.angerByLang[lang];
      if (m) row(`  anger ${lang} (${m.n})`, prfCell(m), '', '', 'F1 ≥ 0.85');
    }
    if (own.angerAt) {
      const at = own.angerAt;
      row(
        `  anger at ${at.threshold} (the training corpus's own best F1, not the default)`,
        `${prfCell(at.all)} (${LANGS.map((l) => `${l} ${f3(at.byLang[l]!.f1)}`).join(', ')})`,
      );
    }
    row('Own test set: urgent, all', prfCell(own.urgent));
    for (const lang of LANGS)
      if (own.urgentByLang[lang]) row(`  urgent ${lang}`, prfCell(own.urgentByLang[lang]!));
    row('Own test set: payment accuracy', f3(own.paymentAccuracy), '', '', '≥ 0.92');
    for (const [kind, m] of Object.entries(own.paymentByKind)) row(`  payment ${kind} (${m.n})`, prfCell(m));
    row('Own test set: level accuracy (calm/concerned/upset/hostile)', f3(own.levelAccuracy));
    for (const r of own.reliability)
      row(
        `  reliability ${r.band} (${r.n})`,
        `predicted ${f3(r.meanPredicted)} · observed ${f3(r.observed)}`,
      );
  } else row('Own test set', 'data/tone/test not found');

  const ham = quick ? null : await evaluateHam(classifier);
  if (ham) {
    const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(2)} % (${k}/${n})`;
    for (const [group, g] of Object.entries(ham.byGroup)) {
      const role = group === HAM_DEV_GROUP ? 'dev, tuned on' : 'held out';
      row(`SpamAssassin ${group} (${role}): text model flags angry`, pct(g.flagged, g.n), '', '', '≤ 2 %');
      row(
        `  ${group}: triage() flags angry (personal mail only; ${g.automated} automated)`,
        pct(g.flaggedProduct, g.n),
      );
    }
  }
  if (dataAvailable()) general(loadAll(), methods, backgroundScorer());
  else row('GoEmotions / XED', 'skipped: ../shared not found');
  if (train.length > 0 && !quick) {
    const speed = triageRate(train, classifier);
    row(
      `triage() emails/s, one core (${train.length} corpus mails, mean ${Math.round(speed.bytes)} B)`,
      Math.round(speed.rate).toLocaleString('en'),
      '',
      '',
      '≥ 5,000',
    );
  }
  row('Model file size', `${(statSync(BUILTIN_MODEL_PATH).size / 1e6).toFixed(1)} MB`, '', '', '≤ 20 MB');

  const header: [string, string, string, string, string] = ['measure', 'Tactful', 'VADER', 'AFINN', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
  console.log(`\nGoEmotions/XED split: ${SPLIT_DESCRIPTION}.`);
  if (ham?.examples.length)
    console.log(`Flagged ham, first ${ham.examples.length}:\n  ${ham.examples.join('\n  ')}`);
}

await main();
