import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { triageResult } from '../../src/model/triage-result.ts';
import { loadBuiltinClassifier } from '../../src/tone-model/load.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/triage');
const OK = join(FIX, 'ok');
const CONFIG = join(FIX, 'studio.yaml');
const SHARED_EML = resolve(ROOT, '../shared/data/eml');

interface Run {
  code: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/** Runs `node bin/tactful.js triage …` as an external tool would, optionally with stdin. */
function tactful(args: string[], stdin?: Buffer): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/tactful.js', 'triage', ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', fail);
    child.on('close', (code) =>
      done({
        code,
        stderr: err,
        lines: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      }),
    );
    child.stdin.end(stdin);
  });
}

const byName = (lines: Run['lines']) =>
  Object.fromEntries(lines.map((l) => [String(l.file).split('/').at(-1), l]));

// Each test starts node + tsx; on a loaded two-core machine that alone can take seconds.
describe('tactful triage (CLI contract)', { timeout: 90_000 }, () => {
  it('triages every file of a directory in sorted order, one JSON line each, exit 0', async () => {
    const r = await tactful(['--config', CONFIG, OK]);
    expect(r.code).toBe(0);
    const names = readdirSync(OK).sort();
    expect(r.lines.map((l) => String(l.file).split('/').at(-1))).toEqual(names);
    for (const line of r.lines) {
      const { file, messageId, ...rest } = line;
      expect(typeof file).toBe('string');
      expect(String(messageId)).toMatch(/^<.+@.+>$/);
      expect(triageResult.strict().parse(rest)).toEqual(rest);
    }
    const m = byName(r.lines);
    expect(m['01-angry-sv-after-hours.eml']).toMatchObject({
      language: 'sv',
      afterHours: true,
      receivedAt: '2026-11-20T22:14:00.000Z',
      localTime: '2026-11-20T23:14:00',
      nextOpening: '2026-11-23T09:00:00+01:00',
      autoReply: { allowed: true },
      payment: 'promise',
      invoice: '2041',
    });
    expect(m['02-polite-de-reply-quoting-anger.eml']).toMatchObject({
      language: 'de',
      angry: false,
      cues: [],
      autoReply: { allowed: false, reason: 'loop' }, // it answers a <tactful-…> message
      categories: [],
    });
    expect(m['03-newsletter-list.eml']).toMatchObject({ autoReply: { allowed: false, reason: 'list' } });
    expect(m['03-newsletter-list.eml']!.categories).toContain('automated');
    expect(m['04-html-only-fr-paid.eml']).toMatchObject({ language: 'fr', payment: 'paid', invoice: '2041' });
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
  });

  it('judges the polite German reply on its new text only (the quoted anger scores higher on its own)', async () => {
    const r = await tactful(['--config', CONFIG, join(OK, '02-polite-de-reply-quoting-anger.eml')]);
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
    const r = await tactful(['--at', '2026-11-23T10:00:00+01:00', '-'], source);
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
    const r = await tactful([join(FIX, 'broken'), join(FIX, 'missing.eml'), join(OK, '06-es-extension.eml')]);
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
      const child = spawn(process.execPath, ['bin/tactful.js', 'triage', dir], { cwd: ROOT });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const first = await new Promise<string>((done) => {
        let buf = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          buf += d;
          if (buf.includes('\n')) done(buf.slice(0, buf.indexOf('\n')));
        });
      });
      expect(JSON.parse(first)).toMatchObject({ file: join(dir, '0000.eml'), payment: 'extension' });
      expect(child.exitCode).toBeNull(); // still working on the other 399
      child.stdout.destroy(); // like `| head -1`
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(err).not.toMatch(/unexpected error|EPIPE/);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage line on bad usage', async () => {
    for (const args of [
      [],
      ['--bogus', OK],
      ['--at', 'yesterday', OK],
      ['--at'],
      ['--inbox', 'studio', OK],
      ['--config', CONFIG, '--inbox', 'nope', OK],
    ]) {
      const r = await tactful(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(/usage: tactful triage/);
      expect(r.lines).toEqual([]);
    }
  }, 180_000);
});

describe('tactful triage on the shared real-world corpus', () => {
  const present = existsSync(SHARED_EML);
  it.skipIf(!present)(
    'gives every file of ../shared/data/eml a JSON line and never crashes',
    async () => {
      const dirs = readdirSync(SHARED_EML)
        .map((d) => join(SHARED_EML, d))
        .filter((d) => statSync(d).isDirectory())
        .sort();
      const files = dirs.flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()));
      const r = await tactful(dirs);
      expect(r.code === 0 || r.code === 1).toBe(true);
      expect(r.stderr).not.toMatch(/unexpected error/);
      expect(r.lines).toHaveLength(files.length);
      for (const line of r.lines) {
        if ('error' in line) expect(typeof line.error).toBe('string');
        else
          expect(() => triageResult.parse({ ...line, file: undefined, messageId: undefined })).not.toThrow();
      }
      // Most of the corpus is real mail: errors are the exception (non-mail files, header-less fragments).
      expect(r.lines.filter((l) => 'error' in l).length).toBeLessThan(files.length / 10);
    },
    120_000,
  );
  if (!present) it('skipped: ../shared not found', () => undefined);
});
