/**
 * npm run bench:tone — anger detection of Tactful's built-in model against VADER and AFINN, side by side.
 *
 * Gold: GoEmotions anger(2) or annoyance(3) on the dev split; XED anger(1) on the held-back 20 % of each
 * language (split described by SPLIT_DESCRIPTION). Every method's threshold maximises the mean F1 over bootstrap
 * resamples (stableF1Threshold) of the calibration part of the TRAINING data (GoEmotions train calib slice for GoEmotions; the XED calib slice of
 * the same language for XED) — never on the rows that are reported. Throughput is measured on 1–2 KB texts.
 */
import { dataAvailable, loadAll, SPLIT_DESCRIPTION, type Example } from '../scripts/tone/data.ts';
import { bestF1Threshold, prf, rocAuc, stableF1Threshold } from '../scripts/tone/metrics.ts';
import { scorers, type Scorer } from './tone-scorers.ts';

const XED_LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'];

interface Task {
  name: string;
  tune: Example[];
  test: Example[];
}

function tasks(all: Example[]): Task[] {
  const go = all.filter((e) => e.source === 'goemotions');
  const out: Task[] = [
    {
      name: 'GoEmotions dev',
      tune: go.filter((e) => e.split === 'calib'),
      test: go.filter((e) => e.split === 'dev'),
    },
  ];
  for (const lang of XED_LANGUAGES) {
    const xed = all.filter((e) => e.source === 'xed' && e.lang === lang);
    out.push({
      name: `XED ${lang}`,
      tune: xed.filter((e) => e.split === 'calib'),
      test: xed.filter((e) => e.split === 'test'),
    });
  }
  return out;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const fmt = (x: number) => x.toFixed(3);

function evaluate(task: Task, scorer: Scorer): string {
  const tuneScores = task.tune.map((e) => scorer.score(e.text, e.lang));
  const threshold = stableF1Threshold(
    tuneScores,
    task.tune.map((e) => e.label),
  );
  const scores = task.test.map((e) => scorer.score(e.text, e.lang));
  const labels = task.test.map((e) => e.label);
  const m = prf(scores, labels, threshold);
  // GoEmotions has a dev split meant for tuning: also show F1 at the dev-tuned threshold (an upper bound).
  const atDev = task.name.startsWith('GoEmotions')
    ? fmt(prf(scores, labels, bestF1Threshold(scores, labels)).f1)
    : '-';
  return `${task.name.padEnd(16)}${scorer.name.padEnd(9)}${pad(fmt(m.precision), 7)}${pad(fmt(m.recall), 7)}${pad(fmt(m.f1), 7)}${pad(fmt(rocAuc(scores, labels)), 7)}${pad(threshold.toFixed(4), 9)}${pad(atDev, 8)}`;
}

/** 1–2 KB "emails" made of held-out sentences of every language, for a fair messages/s figure. */
function emails(all: Example[], count: number): { text: string; lang: string }[] {
  const pool = all.filter((e) => e.split === 'test' || e.split === 'dev');
  const out: { text: string; lang: string }[] = [];
  let i = 0;
  while (out.length < count) {
    const target = 1024 + ((out.length * 97) % 1024);
    let text = '';
    const lang = pool[i % pool.length]!.lang;
    while (text.length < target) text += pool[i++ % pool.length]!.text + ' ';
    out.push({ text, lang });
  }
  return out;
}

/** Messages per CPU-second of this process: "per core", and fair on a machine shared with other work. */
function throughput(scorer: Scorer, texts: { text: string; lang: string }[]): number {
  for (const t of texts.slice(0, 200)) scorer.score(t.text, t.lang); // warm up the JIT
  const started = process.cpuUsage();
  let n = 0;
  for (;;) {
    for (const t of texts.slice(0, 200)) {
      scorer.score(t.text, t.lang);
      n++;
    }
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    if (seconds >= 1.5) return n / seconds;
  }
}

function main(): void {
  if (!dataAvailable()) {
    console.log('skipped: ../shared not found');
    return;
  }
  const all = loadAll();
  const methods = scorers();
  console.log(`Split: ${SPLIT_DESCRIPTION}.`);
  console.log(
    'Thresholds: per method, best mean F1 over 40 bootstrap resamples of the calibration slice (GoEmotions train /\n' +
      'same-language XED); no reported row is used for training, calibration or thresholds.\n' +
      'F1@dev: GoEmotions F1 at the threshold tuned on dev itself (dev is the tuning split; an upper bound).\n',
  );
  console.log(
    `${'set'.padEnd(16)}${'method'.padEnd(9)}${pad('P', 7)}${pad('R', 7)}${pad('F1', 7)}${pad('AUC', 7)}${pad('thresh', 9)}${pad('F1@dev', 8)}`,
  );
  for (const task of tasks(all)) {
    const pos = task.test.filter((e) => e.label === 1).length;
    for (const s of methods) console.log(evaluate(task, s));
    console.log(`${''.padEnd(16)}(${task.test.length} rows, ${pos} angry; tuned on ${task.tune.length})`);
  }
  const texts = emails(all, 2000);
  const avg = texts.reduce((n, t) => n + t.text.length, 0) / texts.length;
  console.log(
    `\nThroughput on ${texts.length} texts of 1–2 KB (mean ${Math.round(avg)} chars), per CPU-second (one core):`,
  );
  for (const s of methods)
    console.log(
      `${s.name.padEnd(9)}${pad(Math.round(throughput(s, texts)).toLocaleString('en'), 10)} messages/s`,
    );
}

main();
