import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { SafeError } from '../errors.ts';
import type { Principal } from '../access/principal.ts';
import { inboxesInScope, requireInbox } from '../access/inbox-access.ts';
import type { ClientEvent, ClientNote, CommitmentRecord } from '../model/commitment-record.ts';
import type { InvoiceRecord } from '../model/invoice-record.ts';

/**
 * The client record (issue 13, item 5), as data for the page the web view will draw: one client (an address) or
 * a whole company (a domain), across the inboxes the principal may see — their messages and our replies in
 * order, their tone over time, the commitments kept and breached, invoices with their reminders, and leads'
 * notes (docs/tone-rules.md: "document problem clients").
 */

export interface ClientQuery {
  inbox?: string;
  /** One client's address, or… */
  address?: string;
  /** …everyone at a domain (`client.test`). */
  domain?: string;
}

export interface ClientRecordView {
  addresses: string[];
  /** Messages both ways, oldest first, each with its inbox. */
  timeline: Array<ClientEvent & { inbox: string }>;
  /** Their messages' tone, oldest first. */
  tone: Array<{ at: string; angerScore: number; angry: boolean; urgent: boolean; language: string | null }>;
  commitments: {
    kept: number;
    /** Breached, answered late included. */
    breached: number;
    answeredLate: number;
    waiting: number;
    closed: number;
    list: CommitmentRecord[];
  };
  invoices: Array<
    Pick<
      InvoiceRecord,
      'id' | 'inbox' | 'number' | 'amount' | 'currency' | 'status' | 'dueDate' | 'reminders'
    >
  >;
  notes: Array<ClientNote & { inbox: string; address: string }>;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;

export async function clientRecord(
  ctx: AppContext,
  principal: Principal,
  q: ClientQuery,
): Promise<ClientRecordView> {
  if ((q.address === undefined) === (q.domain === undefined))
    throw new SafeError('bad_request', 'give either an address or a domain', 400);
  if (q.address !== undefined && !ADDRESS.test(q.address))
    throw new SafeError('bad_request', 'address must be an email address', 400);
  if (q.domain !== undefined && !DOMAIN.test(q.domain))
    throw new SafeError('bad_request', 'domain must be a domain name like client.test', 400);
  const inboxes = inboxesInScope(ctx.config, principal, q.inbox);
  const perInbox = await Promise.all(
    inboxes.map(async (inbox) => ({
      inbox,
      addresses: q.address
        ? [q.address.toLowerCase()]
        : await ctx.stores.clients.addressesOfDomain(inbox, q.domain!),
    })),
  );
  const view: ClientRecordView = {
    addresses: [...new Set(perInbox.flatMap((p) => p.addresses))].sort(),
    timeline: [],
    tone: [],
    commitments: { kept: 0, breached: 0, answeredLate: 0, waiting: 0, closed: 0, list: [] },
    invoices: [],
    notes: [],
  };
  for (const { inbox, addresses } of perInbox) {
    for (const address of addresses) {
      for (const ev of await ctx.stores.clients.events(inbox, address)) view.timeline.push({ ...ev, inbox });
      view.commitments.list.push(...(await ctx.stores.commitments.byClient(inbox, address)));
      for (const id of await ctx.stores.invoices.byClient(inbox, address)) {
        const inv = await ctx.stores.invoices.get(id);
        if (inv) {
          const { number, amount, currency, status, dueDate, reminders } = inv;
          view.invoices.push({ id, inbox, number, amount, currency, status, dueDate, reminders });
        }
      }
      for (const n of await ctx.stores.clients.notes(inbox, address))
        view.notes.push({ ...n, inbox, address });
    }
  }
  view.timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  view.tone = view.timeline
    .filter((e) => e.direction === 'in' && e.angerScore !== undefined)
    .map((e) => ({
      at: e.at,
      angerScore: e.angerScore!,
      angry: e.angry ?? false,
      urgent: e.urgent ?? false,
      language: e.language ?? null,
    }));
  const list = view.commitments.list.sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt));
  const count = (s: CommitmentRecord['status']) => list.filter((c) => c.status === s).length;
  view.commitments = {
    list,
    kept: count('kept'),
    answeredLate: count('answered-late'),
    breached: count('breached') + count('answered-late'),
    waiting: count('open') + count('breached'),
    closed: count('closed'),
  };
  view.notes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return view;
}

export const NOTE_LIMIT = 4000;

/** A lead's note on a client, kept with the client record, signed and dated. */
export async function addClientNote(
  ctx: AppContext,
  principal: Principal,
  input: { inbox: string; address: string; text: string },
): Promise<ClientNote> {
  requireInbox(ctx.config, principal, input.inbox);
  if (!ADDRESS.test(input.address))
    throw new SafeError('bad_request', 'address must be an email address', 400);
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (!text || text.length > NOTE_LIMIT)
    throw new SafeError('bad_request', `a note must be 1–${NOTE_LIMIT} characters`, 400);
  const note: ClientNote = {
    id: randomUUID(),
    at: ctx.clock.now().toISOString(),
    author: principal.actor,
    text,
  };
  await ctx.stores.clients.addNote(input.inbox, input.address, note);
  return note;
}
