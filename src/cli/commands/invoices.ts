import { readFileSync } from 'node:fs';
import { loadConfig, resolveConfigPath } from '../../config/load.ts';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import { importInvoicesCsv } from '../../reminders/csv-import.ts';
import { inboxOf } from '../../reminders/plan.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../model/invoice-record.ts';
import { createContext } from '../../create-context.ts';

const USAGE = `usage:
  tactful invoices import FILE.csv --inbox ID [--config FILE]
  tactful invoices list --inbox ID [--status open|paid|disputed|paused|cancelled] [--config FILE]

CSV: a header row, then one invoice per row. Required columns: number, client_email, client_name, amount
(plain decimal, dot separator), currency (ISO 4217), issued_at, due_date (YYYY-MM-DD). Optional: language,
timezone, country, cc, thread_message_id, subject.
Valid rows are imported; each bad row is reported with its line number; numbers already present are left
alone (importing a file twice creates nothing new). Exit code 1 when any row was bad.
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  if (!value || value.startsWith('--')) throw new SafeError('usage', `${name} needs a value\n${USAGE}`);
  return value;
}

async function withContext<T>(argv: string[], fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig(resolveConfigPath(flag(argv, '--config')));
  const ctx = createContext(config, { log: createLogger({ level: 'warn' }) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function importCommand(argv: string[]): Promise<number> {
  const file = argv[0];
  const inbox = flag(argv, '--inbox');
  if (!file || file.startsWith('--') || !inbox) throw new SafeError('usage', USAGE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SafeError(
      'file_unreadable',
      `${file}: cannot be read (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  return withContext(argv, async (ctx) => {
    inboxOf(ctx, inbox);
    const r = await importInvoicesCsv(ctx, inbox, text, `import:${file}`);
    for (const d of r.duplicates)
      process.stdout.write(`line ${d.line}: ${d.number} already imported, left alone\n`);
    for (const e of r.errors) process.stderr.write(`${file}:${e.line}: ${e.problem}\n`);
    process.stdout.write(
      `imported ${r.imported.length}, already present ${r.duplicates.length}, bad rows ${r.errors.length}\n`,
    );
    return r.errors.length ? 1 : 0;
  });
}

async function listCommand(argv: string[]): Promise<number> {
  const inbox = flag(argv, '--inbox');
  const status = flag(argv, '--status');
  if (!inbox) throw new SafeError('usage', USAGE);
  if (status && !(INVOICE_STATUSES as readonly string[]).includes(status))
    throw new SafeError('usage', `--status must be one of ${INVOICE_STATUSES.join(', ')}`);
  return withContext(argv, async (ctx) => {
    inboxOf(ctx, inbox);
    const list = await ctx.stores.invoices.list(inbox, status as InvoiceStatus | undefined);
    for (const i of list) {
      const steps = i.reminders.map((r) => `${r.step}${r.state === 'skipped' ? '-' : '+'}`).join(' ');
      process.stdout.write(
        `${i.number}\t${i.status}\tdue ${i.dueDate}\t${i.amount} ${i.currency}\t${i.client.email}\t${steps}\n`,
      );
    }
    return 0;
  });
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'list') return listCommand(rest);
  process.stdout.write(USAGE);
  return sub === '--help' || sub === '-h' ? 0 : 2;
}
