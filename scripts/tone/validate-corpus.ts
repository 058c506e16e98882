/**
 * Checks corpus files against data/tone/SPEC.md and prints the mix per file:
 *   npx tsx scripts/tone/validate-corpus.ts data/tone/train/en.jsonl [...]
 * Exit 1 when a line does not parse or ids repeat.
 */
import { readFileSync } from 'node:fs';
import { corpusMessage, type CorpusMessage } from './corpus-schema.ts';

let bad = 0;
const seen = new Set<string>();
for (const file of process.argv.slice(2)) {
  const rows: CorpusMessage[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const r = corpusMessage.safeParse(JSON.parse(line));
        if (!r.success)
          throw new Error(r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
        if (seen.has(r.data.id)) throw new Error(`duplicate id ${r.data.id}`);
        seen.add(r.data.id);
        rows.push(r.data);
      } catch (err) {
        bad++;
        console.log(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
  const n = rows.length || 1;
  const pct = (k: number) => `${Math.round((100 * k) / n)}%`;
  const count = (f: (m: CorpusMessage) => boolean) => rows.filter(f).length;
  const pay = ['promise', 'paid', 'dispute', 'extension'].map((p) => `${p} ${count((m) => m.payment === p)}`);
  const tags = new Map<string, number>();
  for (const m of rows) for (const t of m.phenomena) tags.set(t, (tags.get(t) ?? 0) + 1);
  const bodies = new Set(rows.map((m) => m.body.trim()));
  console.log(
    `${file}: ${rows.length} messages · angry ${pct(count((m) => m.angry))} · intensity 1 ${count((m) => m.intensity === 1)} 2 ${count((m) => m.intensity === 2)} 3 ${count((m) => m.intensity === 3)} · urgent ${pct(count((m) => m.urgent))} · ${pay.join(', ')} · html ${count((m) => m.format === 'html')} · duplicate bodies ${rows.length - bodies.size}`,
  );
  console.log(
    `  tags: ${[...tags]
      .sort((a, b) => b[1] - a[1])
      .map(([t, k]) => `${t} ${k}`)
      .join(', ')}`,
  );
}
process.exit(bad ? 1 : 0);
