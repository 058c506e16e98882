import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../src/context.ts';
import { importInvoicesCsv } from '../../src/reminders/csv-import.ts';
import { runCliInProcess } from '../harness/cli.ts';
import { writeConfigFile } from '../harness/config.ts';
import { runTactful } from '../harness/processes.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { reminderContext } from './reminders-support.ts';
import { invoiceId } from '../../src/model/ids.ts';

const prefix = uniquePrefix('rem-import');
const fixture = (name: string) => join(import.meta.dirname, '../fixtures/invoices', name);

let ctx: AppContext;
let close: () => Promise<void>;
beforeAll(async () => ({ ctx, close } = await reminderContext(prefix)));
afterAll(async () => {
  await close();
  await wipePrefix(prefix);
});

const reminderJobs = async () => (await ctx.queues.reminder.getJobs(['delayed', 'waiting'], 0, 1000)).length;

describe('invoice CSV import', () => {
  it('imports the valid rows and reports every bad row with its line number', async () => {
    const r = await importInvoicesCsv(ctx, 'studio', readFileSync(fixture('mixed.csv'), 'utf8'));
    expect(r.imported.map((i) => `${i.line}:${i.number}`)).toEqual([
      '2:2026-101',
      '3:2026-102',
      '6:2026-105',
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 8, 9, 10]);
    const problem = (line: number) => r.errors.find((e) => e.line === line)!.problem;
    expect(problem(4)).toMatch(/^client\.email: /);
    expect(problem(5)).toMatch(/^amount: /);
    expect(problem(8)).toMatch(/^dueDate: is before issuedAt/);
    expect(problem(9)).toContain('currency: is not a known currency');
    expect(problem(9)).toContain('client.timezone: is not an IANA time zone');
    expect(problem(10)).toBe('4 fields, the header has 13');
    const beta = await ctx.stores.invoices.get(invoiceId('studio', '2026-102'));
    expect(beta).toMatchObject({ client: { name: 'Beta GmbH, Berlin', language: 'de' }, amount: 980.5 });
    const epsilon = await ctx.stores.invoices.get(invoiceId('studio', '2026-105'));
    // A quoted field may span lines (RFC 4180); the name is kept on one line.
    expect(epsilon!.client.name).toBe('Epsilon Ltd');
    expect(await reminderJobs()).toBe(12);
  });

  it('importing the same file twice creates no second invoice and no second ladder', async () => {
    const r = await importInvoicesCsv(ctx, 'studio', readFileSync(fixture('mixed.csv'), 'utf8'));
    expect(r.imported).toEqual([]);
    expect(r.duplicates.map((d) => d.number)).toEqual(['2026-101', '2026-102', '2026-105']);
    expect(await ctx.stores.invoices.list('studio')).toHaveLength(3);
    expect(await reminderJobs()).toBe(12);
  });

  it('refuses a file without the required columns, naming them', async () => {
    await expect(importInvoicesCsv(ctx, 'studio', 'number,amount\n1,2\n')).rejects.toMatchObject({
      code: 'bad_csv',
      message: expect.stringContaining('client_email, client_name, currency, issued_at, due_date'),
    });
    await expect(importInvoicesCsv(ctx, 'studio', '')).rejects.toMatchObject({ code: 'bad_csv' });
  });

  it(
    'CLI: tactful invoices import exits 1 on bad rows, 0 on a clean file, and is idempotent',
    { timeout: 60_000 },
    async () => {
      const configFile = writeConfigFile({
        redis: { url: ctx.config.redis.url, prefix: `${prefix}-cli` },
        agency: ctx.config.agency,
        inboxes: [
          { id: 'studio', address: 'hello@northlight.test', imap: { host: 'x', user: 'u', pass: 'p' } },
        ],
      });
      const args = (file: string) => [
        'invoices',
        'import',
        file,
        '--inbox',
        'studio',
        '--config',
        configFile,
      ];
      try {
        // The one case run as its own process, as a person runs the import.
        const bad = await runTactful(args(fixture('mixed.csv')));
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('mixed.csv:4: client.email:');
        expect(bad.stdout).toContain('imported 3, already present 0, bad rows 5');
        const good = await runCliInProcess(args(fixture('good.csv')));
        expect(good).toMatchObject({
          code: 0,
          stdout: expect.stringContaining('imported 2, already present 0'),
        });
        const again = await runCliInProcess(args(fixture('good.csv')));
        expect(again).toMatchObject({
          code: 0,
          stdout: expect.stringContaining('imported 0, already present 2, bad rows 0'),
        });
        const missing = await runCliInProcess(args(fixture('missing.csv')));
        expect(missing.code).toBe(1);
        expect(missing.stderr).toMatch(/missing\.csv: cannot be read \(ENOENT\)/);
        const listed = await runCliInProcess([
          'invoices',
          'list',
          '--inbox',
          'studio',
          '--config',
          configFile,
        ]);
        expect(listed.code).toBe(0);
        expect(listed.stdout.trim().split('\n')).toHaveLength(5);
      } finally {
        await wipePrefix(`${prefix}-cli`);
      }
    },
  );
});
