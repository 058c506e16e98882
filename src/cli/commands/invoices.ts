import { readFileSync } from 'node:fs';
import { loadConfig, resolveConfigPath } from '../../config/load.ts';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import { importInvoicesCsv } from '../../reminders/csv-import.ts';
import { inboxOf } from '../../reminders/plan.ts';
import { createContext } from '../../create-context.ts';
import { INVOICES_USAGE, parseInvoicesArgs } from '../args/invoices.ts';
import type { CliIo } from '../io.ts';

async function withContext<T>(
  configFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  fn: (ctx: AppContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig(resolveConfigPath(configFlag, env), env);
  const ctx = createContext(config, { env, log: createLogger({ level: 'warn' }) });
  try {
    // Inboxes added in the web view too (`--inbox` may name one). Without TACTFUL_SECRET_KEY here they cannot
    // be opened; importing into a config-file inbox still works.
    await ctx.registry.load().catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'secret_key_missing') throw err;
    });
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

function readCsv(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SafeError(
      'file_unreadable',
      `${file}: cannot be read (${(err as NodeJS.ErrnoException).code})`,
    );
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseInvoicesArgs(argv);
  if (args.kind === 'usage') {
    io.stdout.write(INVOICES_USAGE);
    return args.exitCode;
  }
  if (args.kind === 'import') {
    const { file, inbox } = args;
    const text = readCsv(file);
    return withContext(args.config, io.env, async (ctx) => {
      inboxOf(ctx, inbox);
      const r = await importInvoicesCsv(ctx, inbox, text, `import:${file}`);
      for (const d of r.duplicates)
        io.stdout.write(`line ${d.line}: ${d.number} already imported, left alone\n`);
      for (const e of r.errors) io.stderr.write(`${file}:${e.line}: ${e.problem}\n`);
      io.stdout.write(
        `imported ${r.imported.length}, already present ${r.duplicates.length}, bad rows ${r.errors.length}\n`,
      );
      return r.errors.length ? 1 : 0;
    });
  }
  const { inbox, status } = args;
  return withContext(args.config, io.env, async (ctx) => {
    inboxOf(ctx, inbox);
    for (const i of await ctx.stores.invoices.list(inbox, status)) {
      const steps = i.reminders.map((r) => `${r.step}${r.state === 'skipped' ? '-' : '+'}`).join(' ');
      io.stdout.write(
        `${i.number}\t${i.status}\tdue ${i.dueDate}\t${i.amount} ${i.currency}\t${i.client.email}\t${steps}\n`,
      );
    }
    return 0;
  });
}
