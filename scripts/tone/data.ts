/**
 * Loads the tone training and evaluation data from ../shared/data (never copied into the repo) and splits it
 * deterministically, so that scripts/train-tone.ts and bench/tone.ts agree on what is held back.
 *
 * Splits: XED lines go by FNV-1a(sentence) mod 100 — 0–19 held back for the benchmark ("test"), 20–29 for
 * calibration and threshold tuning ("calib"), the rest for training. GoEmotions train.tsv lines go by
 * FNV-1a(comment id) mod 5 — 0 for "calib" (20 %: a steadier threshold than 10 %), the rest for training; GoEmotions dev.tsv is only ever evaluated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fnv1a } from '../../src/triage/tone/hash.ts';

export const DATA_DIR = resolve(process.env.TACTFUL_SHARED_DATA ?? join(process.cwd(), '../shared/data'));
export const SPLIT_DESCRIPTION =
  'XED split by FNV-1a(sentence) mod 100: 0-19 held back (bench), 20-29 calibration/thresholds, 30-99 training; ' +
  'GoEmotions train by FNV-1a(comment id) mod 5: 0 calibration/thresholds, else training; GoEmotions dev only evaluated';

export type Split = 'train' | 'calib' | 'test' | 'dev';
export interface Example {
  text: string;
  lang: string;
  label: 0 | 1;
  source: 'goemotions' | 'xed';
  split: Split;
}

export const BENCH_LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'] as const;
const PROJECTED = ['sv', 'it', 'de', 'fr', 'es', 'da', 'no', 'nl', 'pt', 'pl', 'fi'];
const LABELS = /^\d+(?:,\s*\d+)*$/;

export function dataAvailable(): boolean {
  return (
    existsSync(join(DATA_DIR, 'goemotions/train.tsv')) && existsSync(join(DATA_DIR, 'xed/en-annotated.tsv'))
  );
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

function xedSplit(text: string): Split {
  const bucket = fnv1a(text) % 100;
  return bucket < 20 ? 'test' : bucket < 30 ? 'calib' : 'train';
}

function loadGoEmotions(): Example[] {
  const out: Example[] = [];
  for (const file of ['train', 'dev'] as const) {
    for (const line of lines(join(DATA_DIR, `goemotions/${file}.tsv`))) {
      const [text, labels, id] = line.split('\t');
      if (!text || !labels || !id) continue;
      const ids = labels.split(',');
      const split: Split = file === 'dev' ? 'dev' : fnv1a(id) % 5 === 0 ? 'calib' : 'train';
      const label = ids.includes('2') || ids.includes('3') ? 1 : 0;
      out.push({ text, lang: 'en', label, source: 'goemotions', split });
    }
  }
  return out;
}

/** `sentence \t labels` files; the projections contain some mangled multi-column lines, which are skipped. */
function loadXedFile(path: string, lang: string): Example[] {
  const out: Example[] = [];
  for (const line of lines(path)) {
    const cols = line.split('\t');
    if (cols.length !== 2) continue;
    const [text, labels] = cols as [string, string];
    if (!LABELS.test(labels.trim()) || text.trim().length === 0) continue;
    const label = labels.split(',').some((l) => l.trim() === '1') ? 1 : 0;
    out.push({ text, lang, label, source: 'xed', split: xedSplit(text) });
  }
  return out;
}

function loadXed(): Example[] {
  const out = [...loadXedFile(join(DATA_DIR, 'xed/en-annotated.tsv'), 'en')];
  out.push(...loadXedFile(join(DATA_DIR, 'xed/fi-annotated.tsv'), 'fi'));
  // neu_en.txt has its columns reversed (label first); these neutral lines only ever train or calibrate.
  for (const line of lines(join(DATA_DIR, 'xed/neu_en.txt'))) {
    const [, text] = line.split('\t');
    if (text && text.trim()) {
      const split = xedSplit(text);
      if (split !== 'test') out.push({ text, lang: 'en', label: 0, source: 'xed', split });
    }
  }
  for (const lang of PROJECTED) {
    const path = join(DATA_DIR, `xed/projections/${lang}-projections.tsv`);
    if (existsSync(path)) out.push(...loadXedFile(path, lang));
  }
  return out;
}

export function loadAll(): Example[] {
  return [...loadGoEmotions(), ...loadXed()];
}
