/**
 * `triage()` throughput on one core: the whole decision (new text, language, tone heads, auto-reply guard,
 * payment, office hours) on the training corpus's messages as TriageInputs, per CPU-second of this process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CorpusMessage } from '../scripts/tone/corpus-schema.ts';
import { BENCH_FACTS, benchSettings, corpusInput } from '../scripts/tone/triage-inputs.ts';
import { triage } from '../src/triage/triage.ts';
import { DEFAULT_CALENDAR } from '../src/triage/office-hours.ts';
import type { ToneClassifier } from '../src/triage/tone/classifier.ts';

export function triageRate(
  messages: CorpusMessage[],
  classifier: ToneClassifier,
): { rate: number; bytes: number } {
  const settings = benchSettings(DEFAULT_CALENDAR, 0.5);
  const facts = BENCH_FACTS;
  const inputs = messages.map((m, i) => corpusInput(m, i));
  const bytes =
    inputs.reduce((a, x) => a + Buffer.byteLength(x.text || x.html || ''), 0) / (inputs.length || 1);
  for (const x of inputs.slice(0, 300)) triage(x, settings, classifier, facts); // warm up the JIT
  const started = process.cpuUsage();
  let n = 0;
  for (;;) {
    for (const x of inputs) {
      triage(x, settings, classifier, facts);
      n++;
    }
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    if (seconds >= 2) return { rate: n / seconds, bytes };
  }
}

/**
 * `npx tsx bench/tone-speed.ts [--base DIR] [--rounds N] [--runs K]`: triageRate back to back, in fresh
 * processes, alternating the code of DIR (e.g. a `git worktree` of an earlier commit) and this tree, K runs
 * each per round; prints every run, then medians and ranges side by side with the machine load. On a shared
 * machine only alternating runs compare. Without --base, one run of this tree. (`--root DIR` is one run of
 * DIR's code, as the children do.)
 */
async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const here = resolve(import.meta.dirname, '..');
  const root = arg('--root');
  if (root !== undefined || arg('--base') === undefined) {
    const dir = resolve(root ?? here);
    const load = async <T>(path: string) => (await import(pathToFileURL(join(dir, path)).href)) as T;
    const { loadTrainCorpus } =
      await load<typeof import('../scripts/tone/corpus.ts')>('scripts/tone/corpus.ts');
    const { loadClassifierFile } =
      await load<typeof import('../src/tone-model/load.ts')>('src/tone-model/load.ts');
    // This module is still evaluating (awaiting main): its own triageRate is used as is, not imported again.
    const rateOf =
      dir === here
        ? triageRate
        : (await load<typeof import('./tone-speed.ts')>('bench/tone-speed.ts')).triageRate;
    // Both trees score with this tree's corpus and model, so only the code differs.
    const train = loadTrainCorpus();
    const { rate, bytes } = rateOf(train, loadClassifierFile(join(here, 'src/triage/tone/model.json')));
    console.log(
      JSON.stringify({ root: dir, mails: train.length, bytes: Math.round(bytes), rate: Math.round(rate) }),
    );
    return;
  }
  const base = resolve(arg('--base')!);
  const rounds = Number(arg('--rounds') ?? 3);
  const runs = Number(arg('--runs') ?? 2);
  const rates: Record<'base' | 'new', number[]> = { base: [], new: [] };
  const loads: string[] = [readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')];
  for (let round = 1; round <= rounds; round++) {
    for (const [side, dir] of [
      ['base', base],
      ['new', here],
    ] as const) {
      for (let k = 0; k < runs; k++) {
        const child = spawnSync(
          process.execPath,
          [...process.execArgv, import.meta.filename, '--root', dir],
          {
            cwd: here,
            encoding: 'utf8',
          },
        );
        if (child.status !== 0) throw new Error(`${side} run failed: ${child.stderr}`);
        const { rate } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rate: number };
        rates[side].push(rate);
        console.log(`round ${round} ${side.padEnd(4)} ${rate} emails/s`);
      }
    }
    loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
  }
  const median = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  for (const side of ['base', 'new'] as const) {
    const r = rates[side];
    console.log(
      `${side.padEnd(4)} median ${Math.round(median(r))} emails/s, range ${Math.min(...r)}–${Math.max(...r)} (${r.length} runs)`,
    );
  }
  console.log(`new ÷ base (medians) ${(median(rates.new) / median(rates.base)).toFixed(2)}`);
  console.log(`load (1/5/15 min) at the start and after each round: ${loads.join(' | ')}`);
}

if (process.argv[1] && import.meta.filename === resolve(process.argv[1])) await main();
