/**
 * Loads the project's own client-mail corpus (data/tone/SPEC.md). The training side is read by the trainer;
 * the frozen test side only by the benchmark and the figures test (measurement, never tuning).
 *
 * While the training files are still being written, `TONE_USE_PARTS=1` also reads the partial files in
 * `data/tone/train/.parts-*` for languages whose final file is not there yet (development only: the shipped
 * model is trained on the final files).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusMessage, TONE_LANGS, type CorpusMessage } from './corpus-schema.ts';

export const CORPUS_DIR = resolve(process.env.TACTFUL_TONE_CORPUS ?? join(process.cwd(), 'data/tone'));

function readJsonl(path: string): CorpusMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const parsed = corpusMessage.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

function partsOf(lang: string): string[] {
  const dir = join(CORPUS_DIR, 'train');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const sub of readdirSync(dir)
    .filter((d) => d.startsWith('.parts-'))
    .sort()) {
    for (const f of readdirSync(join(dir, sub)).sort())
      if (f.startsWith(`${lang}-`) && f.endsWith('.jsonl')) out.push(join(dir, sub, f));
  }
  return out;
}

/**
 * Supplements of a language's training file, `train/<lang>-<name>.jsonl` (e.g. `en-routine.jsonl`, the routine
 * calm mail written after the first model mistook it for anger), in name order. Their ids continue the main
 * file's numbering.
 */
function supplementsOf(lang: string): string[] {
  const dir = join(CORPUS_DIR, 'train');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${lang}-`) && f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * The training side: data/tone/train/<lang>.jsonl and its supplements <lang>-*.jsonl for every language present.
 * An id found twice in final files is an error (a supplement must not silently replace or drop a message).
 */
export function loadTrainCorpus(useParts = process.env.TONE_USE_PARTS === '1'): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  const seen = new Set<string>();
  for (const lang of TONE_LANGS) {
    const final = join(CORPUS_DIR, 'train', `${lang}.jsonl`);
    if (existsSync(final)) {
      for (const file of [final, ...supplementsOf(lang)]) {
        for (const m of readJsonl(file)) {
          if (seen.has(m.id)) throw new Error(`${file}: id ${m.id} is already used by another training file`);
          seen.add(m.id);
          out.push(m);
        }
      }
      continue;
    }
    const files = useParts ? partsOf(lang) : [];
    for (const file of files) {
      for (const m of readJsonl(file)) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        out.push(m);
      }
    }
  }
  return out;
}

/** The frozen test set — for the benchmark and the figures test only. */
export function loadTestCorpus(): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (const lang of TONE_LANGS) {
    const file = join(CORPUS_DIR, 'test', `${lang}.jsonl`);
    if (existsSync(file)) out.push(...readJsonl(file));
  }
  return out;
}

/** Which languages have a final (not partial) training file: recorded in the model's metadata. */
export function finalTrainLanguages(): string[] {
  return TONE_LANGS.filter((l) => existsSync(join(CORPUS_DIR, 'train', `${l}.jsonl`)));
}

/** The final training files read (main files and supplements), relative to the corpus folder, for the metadata. */
export function trainFiles(): string[] {
  return finalTrainLanguages().flatMap((l) =>
    [join(CORPUS_DIR, 'train', `${l}.jsonl`), ...supplementsOf(l)].map((f) => f.slice(CORPUS_DIR.length + 1)),
  );
}
