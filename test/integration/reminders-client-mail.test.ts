import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Principal } from '../../src/access/principal.ts';
import { approveDraft, listDrafts } from '../../src/drafts/service.ts';
import { recordId } from '../../src/model/ids.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { runReminderStep } from '../../src/reminders/run-step.ts';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { testConfig } from '../harness/config.ts';
import { startService, type RunningService } from '../harness/context.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitUntil } from '../harness/wait.ts';

/**
 * Issue 12: a client's mail about a chased invoice reaches a lead. Through the whole service (poller → ingest →
 * triage → draft, reminder and send workers) on Dovecot, Redis and an SMTP sink: a French client who got the
 * first reminder disputes the invoice on a Friday night.
 */
const prefix = uniquePrefix('rem-client-mail');
const lead: Principal = {
  kind: 'user',
  actor: 'maja@agency.test',
  name: 'Maja',
  role: 'lead',
  inboxes: new Set(['studio']),
};
let user: MailUser;
let sink: SmtpSink;
let svc: RunningService;
let clock: ManualClock;

beforeAll(async () => {
  user = newMailUser('rem-mail');
  sink = await startSmtpSink();
  const config = testConfig({
    prefix,
    user,
    inbox: {
      holidays: { country: 'SE' },
      signature: { name: 'Maja Lind' },
      smtp: { host: sink.host, port: sink.port, secure: false },
    },
    extra: { ingest: { pollSeconds: 1, leaseSeconds: 5 } },
  });
  clock = new ManualClock(new Date('2026-11-23T09:00:00Z')); // Monday 10:00 in Stockholm
  svc = await startService(config, ['poller', 'worker'], { clock });
});

afterAll(async () => {
  await svc?.stop();
  await sink?.close();
  await wipePrefix(prefix);
});

const ctx = () => svc.ctx;

describe("a client's mail about an invoice reaches a lead", () => {
  it('a French dispute of a chased invoice: disputed, ladder stopped, one pending payment reply, no unattended note', async () => {
    // Due Mon 16 Nov: step 1 (Thu 19 Nov) is due; the reminder worker drafts it, a lead sends it.
    const inv = await createInvoice(
      ctx(),
      'studio',
      {
        number: 'NS-2026-031',
        client: { email: 'claire@atelier.test', name: 'Atelier Lumière SARL', language: 'fr' },
        amount: 4800,
        currency: 'EUR',
        issuedAt: '2026-10-16',
        dueDate: '2026-11-16',
        threadMessageId: '<invoice-031@northlight.test>',
        subject: 'Facture NS-2026-031',
      },
      'test',
    );
    const reminderId = `r_${inv.id}_1`;
    await waitUntil(
      () => ctx().stores.drafts.get(reminderId),
      (d) => d?.status === 'pending',
    );
    await approveDraft(ctx(), lead, reminderId);
    await sink.waitForDeliveries(1);
    const reminder = (await waitUntil(
      () => ctx().stores.drafts.get(reminderId),
      (d) => d?.status === 'sent',
    ))!;

    // Friday 27 November, 23:00 in Stockholm: the client disputes the invoice, in the reminder's thread.
    clock.set('2026-11-27T22:05:00Z');
    const messageId = '<fr-dispute-031@atelier.test>';
    await appendMessages(user, [
      {
        raw:
          'Return-Path: <claire@atelier.test>\r\nFrom: Claire Martin <claire@atelier.test>\r\n' +
          `To: ${user.address}\r\nSubject: Re: Facture NS-2026-031\r\nMessage-ID: ${messageId}\r\n` +
          `In-Reply-To: ${reminder.outgoingMessageId}\r\nReferences: <invoice-031@northlight.test> ` +
          `${reminder.outgoingMessageId}\r\nDate: Fri, 27 Nov 2026 23:00:00 +0100\r\n` +
          'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
          'Bonjour,\r\n\r\nNous contestons cette facture : le montant ne correspond pas au devis que nous ' +
          'avions signé en octobre. Merci de vérifier avant toute relance.\r\n\r\nCordialement,\r\n' +
          'Claire Martin\r\n',
        date: new Date('2026-11-27T22:00:00Z'),
      },
    ]);
    const rec = recordId('studio', messageId);
    // The draft step has run for the message (it would have drafted the after-hours note): since issue 15 it runs
    // in the message's ingest job, so once the record is triaged and no ingest job is left.
    await waitUntil(
      async () => (await ctx().stores.messages.get(rec))?.triage != null,
      (triaged) => triaged,
      30_000,
    );
    await waitUntil(
      () => ctx().queues.ingest.getJobCounts('wait', 'active', 'delayed', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
      30_000,
    );
    const message = (await ctx().stores.messages.get(rec))!;
    expect(message.triage).toMatchObject({ payment: 'dispute', afterHours: true, language: 'fr' });

    // One draft for the message: the lead's payment reply, with the invoice beside it.
    const forMessage = (await ctx().stores.drafts.list({ inboxes: ['studio'], limit: 1000 })).filter(
      (d) => d.recordId === rec,
    );
    expect(forMessage).toHaveLength(1);
    const reply = forMessage[0]!;
    expect(reply).toMatchObject({
      id: `m_${rec}`,
      kind: 'payment-reply',
      status: 'pending',
      unattended: false,
      invoiceId: inv.id,
      language: 'fr',
      to: 'claire@atelier.test',
      subject: 'Re: Facture NS-2026-031',
      inReplyTo: messageId,
    });
    expect(reply.body).toMatch(/^Bonjour Claire Martin,\n/);
    expect(reply.body).toMatch(/facture NS-2026-031 \(4\s800,00\s€\)/);
    expect(reply.body).toContain('au plus tard mercredi 2 décembre à 17:00 (heure de Stockholm)');
    // In the review queue: what the Payment group lists.
    const queue = await listDrafts(ctx(), lead, { status: ['pending'] });
    expect(queue.filter((d) => d.kind === 'payment-reply').map((d) => d.invoiceId)).toEqual([inv.id]);

    // The invoice is disputed, the ladder stopped, and the message is on the invoice.
    const after = await ctx().stores.invoices.require(inv.id);
    expect(after.status).toBe('disputed');
    expect(after.clientMessages).toEqual([
      { recordId: rec, receivedAt: message.triage!.receivedAt, payment: 'dispute', draftId: reply.id },
    ]);
    clock.set('2026-11-30T08:00:00Z'); // step 2's planned day
    expect(await runReminderStep(ctx(), { invoiceId: inv.id, step: 2 })).toEqual({
      kind: 'stop',
      reason: 'disputed',
    });
    // Nothing unattended went out or waits to: the only delivery is the reminder.
    const unattended = (await ctx().stores.drafts.list({ inboxes: ['studio'], limit: 1000 })).filter(
      (d) => d.unattended,
    );
    expect(unattended).toEqual([]);
    expect(sink.deliveries).toHaveLength(1);
  });
});
