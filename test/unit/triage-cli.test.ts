import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { triageResult } from '../../src/model/triage-result.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';
import { runCliInProcess } from '../harness/cli.ts';
import { runTactful } from '../harness/processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/triage');
const OK = join(FIX, 'ok');
const CONFIG = join(FIX, 'studio.yaml');
const SHARED_EML = resolve(ROOT, '../shared/data/eml');

type Line = Record<string, unknown>;

const jsonLines = (out: string): Line[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/** `tactful triage ARGS` in this process: parsing, output and exit code as the executable has them. */
async function triage(args: string[], stdin?: Buffer) {
  const r = await runCliInProcess(['triage', ...args], { stdin });
  return { ...r, lines: jsonLines(r.stdout) };
}

const byName = (lines: Line[]) => Object.fromEntries(lines.map((l) => [String(l.file).split('/').at(-1), l]));

describe('tactful triage (CLI contract)', () => {
  // The one case run as its own process: node + tsx through bin/tactful.js, as an external tool calls it.
  it(
    'triages every file of a directory in sorted order, one JSON line each, exit 0',
    { timeout: 60_000 },
    async () => {
      const r = await runTactful(['triage', '--config', CONFIG, OK]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = jsonLines(r.stdout);
      expect(lines.map((l) => String(l.file).split('/').at(-1))).toEqual(readdirSync(OK).sort());
      for (const line of lines) {
        const { file, messageId, ...rest } = line;
        expect(typeof file).toBe('string');
        expect(String(messageId)).toMatch(/^<.+@.+>$/);
        expect(triageResult.strict().parse(rest)).toEqual(rest);
      }
      const m = byName(lines);
      expect(m['01-angry-sv-after-hours.eml']).toMatchObject({
        language: 'sv',
        afterHours: true,
        receivedAt: '2026-11-20T22:14:00.000Z',
        localTime: '2026-11-20T23:14:00',
        nextOpening: '2026-11-23T09:00:00+01:00',
        autoReply: { allowed: true },
        invoice: '2041',
      });
      // "We will pay invoice 2041 only when everything is delivered": conditional, in an angry mail — the model
      // reads payment talk from the corpus labels, so this one is not asserted; 04 and 06 are unambiguous.
      expect(m['01-angry-sv-after-hours.eml']!.angry).toBe(true);
      expect(m['01-angry-sv-after-hours.eml']!.angerLevel).toMatch(/upset|hostile/);
      expect(m['02-polite-de-reply-quoting-anger.eml']).toMatchObject({
        language: 'de',
        angry: false,
        cues: [],
        autoReply: { allowed: false, reason: 'loop' }, // it answers a <tactful-…> message
        categories: [],
      });
      expect(m['03-newsletter-list.eml']).toMatchObject({ autoReply: { allowed: false, reason: 'list' } });
      expect(m['03-newsletter-list.eml']!.categories).toContain('automated');
      expect(m['04-html-only-fr-paid.eml']).toMatchObject({
        language: 'fr',
        payment: 'paid',
        invoice: '2041',
      });
      expect(m['05-out-of-office-it.eml']).toMatchObject({
        language: 'it',
        autoReply: { allowed: false, reason: 'auto-submitted' },
        nextOpening: '2026-11-30T09:00:00+01:00',
      });
      expect(m['06-es-extension.eml']).toMatchObject({
        language: 'es',
        payment: 'extension',
        invoice: 'INV-2077',
      });
    },
  );

  it('judges the polite German reply on its new text only (the quoted anger scores higher on its own)', async () => {
    const r = await triage(['--config', CONFIG, join(OK, '02-polite-de-reply-quoting-anger.eml')]);
    const quote = readFileSync(join(OK, '02-polite-de-reply-quoting-anger.eml'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('> '))
      .map((l) => l.slice(2))
      .join('\n');
    expect(loadBuiltinClassifier().score(quote, 'de').score).toBeGreaterThan(
      r.lines[0]!.angerScore as number,
    );
  });

  it('reads one message from stdin for "-" and takes --at over the Date header', async () => {
    const source = readFileSync(join(OK, '01-angry-sv-after-hours.eml'));
    const r = await triage(['--at', '2026-11-23T10:00:00+01:00', '-'], source);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
    // Without --config: Mon–Fri 09:00–17:00 UTC.
    expect(r.lines[0]).toMatchObject({
      file: '-',
      messageId: '<sv-angry-1@kund.example>',
      receivedAt: '2026-11-23T09:00:00.000Z',
      localTime: '2026-11-23T09:00:00',
      afterHours: false,
      nextOpening: '2026-11-23T09:00:00Z',
    });
  });

  it('writes an error line for a broken or missing file, keeps going, and exits 1 at the end', async () => {
    const r = await triage([join(FIX, 'broken'), join(FIX, 'missing.eml'), join(OK, '06-es-extension.eml')]);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[0]).toEqual({
      file: join(FIX, 'broken', 'not-an-email.eml'),
      error: expect.stringMatching(/not an email/),
    });
    expect(r.lines[1]).toEqual({ file: join(FIX, 'missing.eml'), error: 'cannot read: no such file' });
    expect(r.lines[2]).toMatchObject({ payment: 'extension' });
  });

  it('streams: the first line arrives before the rest is done, and a reader that hangs up ends it quietly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tactful-cli-'));
    try {
      const source = readFileSync(join(OK, '06-es-extension.eml'));
      for (let i = 0; i < 400; i++) writeFileSync(join(dir, `${String(i).padStart(4, '0')}.eml`), source);
      // A reader like `| head -1`: takes one line, then its end of the pipe is gone (EPIPE).
      let first = '';
      let finished = false;
      const reader = new Writable({
        write(chunk: Buffer, _enc, done) {
          if (first) return done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
          first = chunk.toString('utf8').split('\n')[0]!;
          expect(finished).toBe(false); // still working on the other 399
          done();
        },
      });
      const run = runCliInProcess(['triage', dir], { stdout: reader }).finally(() => (finished = true));
      const r = await run;
      expect(JSON.parse(first)).toMatchObject({ file: join(dir, '0000.eml'), payment: 'extension' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage line on bad usage, writing nothing to stdout', async () => {
    for (const args of [
      [],
      ['--bogus', OK],
      ['--at', 'yesterday', OK],
      ['--at'],
      ['--inbox', 'studio', OK],
      ['--config', CONFIG, '--inbox', 'nope', OK],
    ]) {
      const r = await triage(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/usage: tactful triage/);
      expect(r.stdout).toBe('');
    }
  });
});

describe.skipIf(!existsSync(SHARED_EML))(
  'tactful triage on the shared real-world corpus (needs ../shared)',
  () => {
    it(
      'gives every file of ../shared/data/eml a JSON line and never crashes',
      { timeout: 120_000 },
      async () => {
        const dirs = readdirSync(SHARED_EML)
          .map((d) => join(SHARED_EML, d))
          .filter((d) => statSync(d).isDirectory())
          .sort();
        const files = dirs.flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()));
        const r = await triage(dirs);
        expect([0, 1]).toContain(r.code);
        expect(r.stderr).not.toMatch(/unexpected error/);
        expect(r.lines).toHaveLength(files.length);
        for (const line of r.lines) {
          if ('error' in line) expect(typeof line.error).toBe('string');
          else expect(triageResult.parse({ ...line, file: undefined, messageId: undefined })).toBeTruthy();
        }
        // Most of the corpus is real mail: errors are the exception (non-mail files, header-less fragments).
        expect(r.lines.filter((l) => 'error' in l).length).toBeLessThan(files.length / 10);
      },
    );
  },
);
