import { SafeError } from '../../errors.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../model/invoice-record.ts';
import { optionValue } from './option-value.ts';

export const INVOICES_USAGE = `usage:
  tactful invoices import FILE.csv --inbox ID [--config FILE]
  tactful invoices list --inbox ID [--status open|paid|disputed|paused|cancelled] [--config FILE]

CSV: a header row, then one invoice per row. Required columns: number, client_email, client_name, amount
(plain decimal, dot separator), currency (ISO 4217), issued_at, due_date (YYYY-MM-DD). Optional: language,
timezone, country, cc, thread_message_id, subject.
Valid rows are imported; each bad row is reported with its line number; numbers already present are left
alone (importing a file twice creates nothing new). Exit code 1 when any row was bad.
`;

export type InvoicesArgs =
  /** Print the usage; exit 0 when it was asked for, 2 when the subcommand was missing or unknown. */
  | { kind: 'usage'; exitCode: 0 | 2 }
  | { kind: 'import'; file: string; inbox: string; config?: string }
  | { kind: 'list'; inbox: string; status?: InvoiceStatus; config?: string };

/** `tactful invoices` arguments; a problem is a SafeError `usage` carrying the usage text. */
export function parseInvoicesArgs(argv: string[]): InvoicesArgs {
  const [sub, ...rest] = argv;
  const value = (name: string) => optionValue(rest, name, { usage: INVOICES_USAGE });
  if (sub === 'import') {
    const file = rest[0];
    const inbox = value('--inbox');
    if (!file || file.startsWith('--') || !inbox) throw new SafeError('usage', INVOICES_USAGE);
    return { kind: 'import', file, inbox, config: value('--config') };
  }
  if (sub === 'list') {
    const inbox = value('--inbox');
    const status = value('--status');
    if (!inbox) throw new SafeError('usage', INVOICES_USAGE);
    if (status && !(INVOICE_STATUSES as readonly string[]).includes(status))
      throw new SafeError('usage', `--status must be one of ${INVOICE_STATUSES.join(', ')}`);
    return { kind: 'list', inbox, status: status as InvoiceStatus | undefined, config: value('--config') };
  }
  return { kind: 'usage', exitCode: sub === '--help' || sub === '-h' ? 0 : 2 };
}
