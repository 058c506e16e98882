import type { AppContext } from '../context.ts';
import type { Principal } from '../access/principal.ts';
import { requireInbox } from '../access/inbox-access.ts';
import { importInvoicesCsv, type ImportReport } from './csv-import.ts';

/**
 * The CSV import for a principal (the web view's upload): only into an inbox they may see (else
 * `not_found`), with them as the actor in every invoice's history. The rules of the import are csv-import.ts's.
 */
export async function importInvoices(
  ctx: AppContext,
  principal: Principal,
  inboxId: string,
  csv: string,
): Promise<ImportReport> {
  return importInvoicesCsv(ctx, requireInbox(ctx.config, principal, inboxId), csv, principal.actor);
}
