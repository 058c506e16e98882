import type { AppContext } from '../context.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';

/**
 * The invoice a message is about:
 *   1. its thread (RFC 5322 §3.6.4 ids): a reply to the invoice email or to a reminder, from anyone;
 *   2. the client naming the number (as a whole token, or as triage read it) in a new mail;
 *   3. payment talk naming the number of an invoice of the inbox, from the client's side — a finance
 *      colleague on Cc, or another address of the client's domain ("we paid 2026-014" from accounts@client).
 * Anyone else merely naming a number is not enough: a stranger must not stop a client's reminders.
 */
export async function findInvoiceFor(ctx: AppContext, rec: MessageRecord): Promise<InvoiceRecord | null> {
  const store = ctx.stores.invoices;
  const ids = [rec.inReplyTo, ...rec.references].filter((x): x is string => Boolean(x));
  const byThread = await store.byThreadMessage(rec.inbox, ids);
  if (byThread) return store.get(byThread);
  if (!rec.from) return null;
  const named = rec.triage?.invoice ?? null;
  const haystack = `${rec.subject}\n${rec.text}`;
  for (const id of await store.byClient(rec.inbox, rec.from.address)) {
    const inv = await store.get(id);
    if (inv && (sameNumber(named, inv.number) || mentions(haystack, inv.number))) return inv;
  }
  if (!named || rec.triage?.payment === 'none') return null;
  const id = await store.idByNumber(rec.inbox, named);
  const inv = id ? await store.get(id) : null;
  return inv && clientSide(inv, rec.from.address) ? inv : null;
}

/** Triage reports a number as written ("2041" for "invoice 2041"): the same digits name the same invoice. */
function sameNumber(named: string | null, number: string): boolean {
  if (!named) return false;
  if (named.toLowerCase() === number.toLowerCase()) return true;
  const digits = (s: string) => s.replace(/\D/g, '');
  return digits(named).length >= 3 && digits(named) === digits(number);
}

/** The number as a whole token: "2026-014" matches "invoice 2026-014." but not "2026-0141". */
function mentions(text: string, number: string): boolean {
  const escaped = number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

/** The client's address, a finance contact on Cc, or the client's own domain. */
function clientSide(inv: InvoiceRecord, address: string): boolean {
  const a = address.toLowerCase();
  const domain = (e: string) => e.toLowerCase().split('@')[1] ?? '';
  return (
    a === inv.client.email.toLowerCase() ||
    (inv.client.cc ?? []).some((c) => c.toLowerCase() === a) ||
    (domain(a) !== '' && domain(a) === domain(inv.client.email))
  );
}
