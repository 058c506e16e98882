import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { clientRecord, NOTE_LIMIT, type ClientQuery } from '../../commitments/client-record.ts';
import type { CommitmentRecord } from '../../model/commitment-record.ts';
import { formatAmount } from '../../reminders/format.ts';
import { actorName } from './audit-words.ts';
import { deadlineWords } from './deadline-words.ts';
import { fmt, inboxZone } from './render.ts';
import { toneLine } from './tone-line.ts';

/**
 * The client record page's data (issue 13, item 5), worded: the commitments service gathers the record over the
 * lead's inboxes; this names times on each inbox's clock, people by name and statuses in words. A client the lead
 * has nothing on (unknown, or only in another lead's inbox) is "not found", like any record of another inbox.
 */

const VIA: Record<string, string> = {
  'sent-folder': 'filed in Sent',
  inbox: 'from the inbox address',
  tactful: 'sent through Tactful',
};

const STATUS: Record<CommitmentRecord['status'], string> = {
  open: 'waiting',
  breached: 'overdue',
  kept: 'kept',
  'answered-late': 'answered late',
  closed: 'closed (no answer needed)',
};

/** Business hours as a lead says them: "45 min", "3 h", "1 h 45 min". */
export function businessHoursWords(h: number | null): string {
  if (h === null) return '—';
  const mins = Math.round(h * 60);
  if (mins < 60) return `${mins} min`;
  const rest = mins % 60;
  return `${Math.floor(mins / 60)} h${rest ? ` ${rest} min` : ''}`;
}

export async function clientPageData(ctx: AppContext, p: Principal, q: ClientQuery) {
  const r = await clientRecord(ctx, p, q);
  if (!r.timeline.length && !r.commitments.list.length && !r.invoices.length && !r.notes.length)
    throw new SafeError('not_found', 'no such client', 404);
  const now = ctx.clock.now();
  const zone = (inbox: string) => inboxZone(ctx.config, inbox);
  const name = [...r.commitments.list].reverse().find((c) => c.client.name)?.client.name ?? null;
  const inboxes = [
    ...new Set([
      ...r.timeline.map((e) => e.inbox),
      ...r.commitments.list.map((c) => c.inbox),
      ...r.invoices.map((i) => i.inbox),
      ...r.notes.map((n) => n.inbox),
    ]),
  ].sort();
  const firstZone = zone(inboxes[0] ?? '');
  return {
    title: q.domain ? `Everyone at ${q.domain}` : (name ?? q.address!),
    name,
    address: q.address ?? null,
    domain: q.domain ?? null,
    addresses: r.addresses,
    inboxes,
    counts: r.commitments,
    tone: toneLine(r.tone, { threshold: ctx.config.triage.angerThreshold, zone: firstZone }),
    timeline: r.timeline.map((e) => ({
      at: e.at,
      when: fmt.when(e.at, zone(e.inbox)),
      inbox: e.inbox,
      direction: e.direction,
      subject: e.subject || '(no subject)',
      angry: e.angry === true,
      urgent: e.urgent === true,
      anger: e.angerScore === undefined ? null : fmt.percent(e.angerScore),
      via: e.via ? (VIA[e.via] ?? e.via) : null,
      draftId: e.draftId ?? null,
    })),
    commitments: [...r.commitments.list].reverse().map((c) => ({
      id: c.id,
      inbox: c.inbox,
      subject: c.subject || '(no subject)',
      opened: fmt.when(c.openedAt, zone(c.inbox)),
      due: fmt.when(c.dueAt, zone(c.inbox)),
      status: c.status,
      statusText: c.status === 'open' ? deadlineWords(c.dueAt, now, zone(c.inbox)).text : STATUS[c.status],
      firstResponse: businessHoursWords(c.firstResponseBusinessHours),
      owner: c.owner ? actorName(ctx.config, c.owner) : null,
    })),
    invoices: r.invoices.map((i) => ({
      id: i.id,
      inbox: i.inbox,
      number: i.number,
      amount: formatAmount(i.amount, i.currency, 'en'),
      status: i.status,
      dueDate: i.dueDate,
      reminders: i.reminders.map(
        (s) =>
          `Step ${s.step} · ${s.state === 'skipped' ? 'skipped' : 'drafted'} ${fmt.when(s.at, zone(i.inbox))}`,
      ),
    })),
    notes: r.notes.map((n) => ({
      when: fmt.when(n.at, zone(n.inbox)),
      author: actorName(ctx.config, n.author),
      text: n.text,
      inbox: n.inbox,
      address: n.address,
    })),
    noteLimit: NOTE_LIMIT,
  };
}

export type ClientPage = Awaited<ReturnType<typeof clientPageData>>;
