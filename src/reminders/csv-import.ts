import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import { parseCsv, type CsvRow } from './csv.ts';
import { createInvoice } from './invoices-service.ts';

/**
 * CSV import policy: every valid row is imported; every bad row is reported with its line number and the
 * problem and imported nowhere; a row whose number already exists in the inbox is reported as `duplicate` and
 * left alone, so importing the same file twice creates nothing the second time. The caller (CLI) exits 1 when
 * any row was bad.
 *
 * Columns (header row required, any order; the first five and due_date are required):
 *   number, client_email, client_name, amount, currency, issued_at, due_date,
 *   language, timezone, country, cc (space or ; separated), thread_message_id, subject
 */
export const CSV_COLUMNS = [
  'number',
  'client_email',
  'client_name',
  'amount',
  'currency',
  'issued_at',
  'due_date',
  'language',
  'timezone',
  'country',
  'cc',
  'thread_message_id',
  'subject',
] as const;
const REQUIRED = ['number', 'client_email', 'client_name', 'amount', 'currency', 'issued_at', 'due_date'];
/** One invoice file is not a data warehouse: beyond this the import refuses rather than hogging Redis. */
export const MAX_ROWS = 10_000;

export interface ImportReport {
  imported: Array<{ line: number; number: string; id: string }>;
  duplicates: Array<{ line: number; number: string }>;
  errors: Array<{ line: number; problem: string }>;
}

function rowToInput(header: string[], row: CsvRow): unknown {
  const get = (name: string) => row.cells[header.indexOf(name)]?.trim() ?? '';
  const opt = (name: string) => get(name) || undefined;
  const amount = get('amount');
  const cc = get('cc')
    .split(/[\s;]+/)
    .filter(Boolean);
  return {
    number: get('number'),
    client: {
      email: get('client_email'),
      name: get('client_name'),
      language: opt('language'),
      timezone: opt('timezone'),
      country: opt('country'),
      ...(cc.length ? { cc } : {}),
    },
    // Plain decimal with a dot only: "1.250,00" vs "1,250.00" is exactly the ambiguity that mis-bills a client.
    amount: /^\d+(\.\d{1,2})?$/.test(amount) ? Number(amount) : amount === '' ? undefined : NaN,
    currency: get('currency').toUpperCase(),
    issuedAt: get('issued_at'),
    dueDate: get('due_date'),
    threadMessageId: opt('thread_message_id'),
    subject: opt('subject'),
  };
}

export async function importInvoicesCsv(
  ctx: AppContext,
  inbox: string,
  text: string,
  actor = 'import',
): Promise<ImportReport> {
  const rows = parseCsv(text);
  const head = rows.shift();
  if (!head) throw new SafeError('bad_csv', 'the file is empty: expected a header row', 400);
  const header = head.cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new SafeError('bad_csv', `line 1: missing column(s) ${missing.join(', ')}`, 400);
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new SafeError('bad_csv', `line 1: unknown column(s) ${unknown.join(', ')}`, 400);
  if (rows.length > MAX_ROWS)
    throw new SafeError('bad_csv', `more than ${MAX_ROWS} rows; split the file`, 400);

  const report: ImportReport = { imported: [], duplicates: [], errors: [] };
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      report.errors.push({
        line: row.line,
        problem: `${row.cells.length} fields, the header has ${header.length}`,
      });
      continue;
    }
    try {
      const inv = await createInvoice(ctx, inbox, rowToInput(header, row), actor);
      report.imported.push({ line: row.line, number: inv.number, id: inv.id });
    } catch (err) {
      if (!(err instanceof SafeError)) throw err;
      if (err.code === 'duplicate_invoice')
        report.duplicates.push({ line: row.line, number: row.cells[header.indexOf('number')]!.trim() });
      else report.errors.push({ line: row.line, problem: err.message });
    }
  }
  return report;
}
