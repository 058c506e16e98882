import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { sendEnv, header, type SendEnv } from './send-support.ts';
import { waitUntil } from '../harness/wait.ts';
import { createInvoice } from '../../src/reminders/invoices-service.ts';
import { approveDraft } from '../../src/drafts/service.ts';
import { startSendWorker } from '../../src/workers/send.worker.ts';
import { startReminderWorker } from '../../src/workers/reminder.worker.ts';
import { leadPrincipal } from '../harness/principals.ts';
import { searchMailbox } from '../harness/mailbox.ts';

const lead = leadPrincipal();

let env: SendEnv;
let workers: Array<{ close(): Promise<void> }>;
beforeAll(async () => {
  // The clock stands at Mon 23 Nov 2026 10:00 in Stockholm (office open).
  env = await sendEnv('rem-e2e', { holidays: { country: 'SE' } });
  workers = [await startSendWorker(env.ctx), await startReminderWorker(env.ctx)];
});
afterAll(async () => {
  for (const w of workers.reverse()) await w.close();
  await env.close();
});

const drafts = () => env.ctx.stores.drafts;

/** Due Mon 16 Nov: step 1 (Thu 19 Nov) is due at the clock's time; steps 2–4 lie in the future. */
const overdue = (number: string) => ({
  number,
  client: { email: 'ap@client.test', name: 'Kund AB', language: 'sv', cc: ['finance@client.test'] },
  amount: 12500,
  currency: 'SEK',
  issuedAt: '2026-10-16',
  dueDate: '2026-11-16',
  threadMessageId: `<invoice-${number}@northlight.test>`,
  subject: `Faktura ${number} från Northlight Studio`,
});

describe('payment reminder end to end (reminder worker → draft → approve → SMTP → Sent on Dovecot)', () => {
  it('an overdue invoice gets one reminder in the client language, delivered once, threaded under the invoice', async () => {
    const inv = await createInvoice(env.ctx, 'studio', overdue('2026-201'), 'test');
    const draftId = `r_${inv.id}_1`;
    // The reminder worker picks up step 1's wake-up job (due already) and drafts it; it waits for a lead.
    const pending = await waitUntil(
      () => drafts().get(draftId),
      (d) => d?.status === 'pending',
    );
    expect(pending).toMatchObject({ language: 'sv', to: 'ap@client.test', step: 1 });

    await approveDraft(env.ctx, lead, draftId);
    const [delivery] = await env.sink.waitForDeliveries(1);
    const sent = await waitUntil(
      () => drafts().get(draftId),
      (d) => d?.status === 'sent',
    );
    const raw = delivery!.raw;
    expect(delivery!.to.sort()).toEqual(['ap@client.test', 'finance@client.test']);
    expect(header(raw, 'in-reply-to')).toEqual(['<invoice-2026-201@northlight.test>']);
    expect(header(raw, 'references')).toEqual(['<invoice-2026-201@northlight.test>']);
    expect(header(raw, 'message-id')).toEqual([sent!.outgoingMessageId]);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Re: Faktura 2026-201 från Northlight Studio'); // RFC 2047 encoded on the wire
    expect(parsed.text).toMatch(/^Hej,\n/); // "Kund AB" is a company: the neutral greeting (docs/tone-rules.md)
    expect(parsed.text).toMatch(/Belopp: 12\s500,00\skr/);
    expect(parsed.text).toContain('16 november 2026');

    // Exactly one copy in Sent on Dovecot, and the invoice knows the reminder's Message-ID for replies.
    const copies = await searchMailbox(env.user, 'Sent', {
      header: { 'message-id': sent!.outgoingMessageId },
    });
    expect(copies).toHaveLength(1);
    const stored = await env.ctx.stores.invoices.byThreadMessage('studio', [sent!.outgoingMessageId]);
    expect(stored).toBe(inv.id);
    expect(env.sink.deliveries).toHaveLength(1);
  });

  it('paid between approval and send: the send job finds the invoice paid and sends nothing', async () => {
    const inv = await createInvoice(env.ctx, 'studio', overdue('2026-202'), 'test');
    const draftId = `r_${inv.id}_1`;
    await waitUntil(
      () => drafts().get(draftId),
      (d) => d?.status === 'pending',
    );
    const before = env.sink.deliveries.length;
    // Scheduled 3 s ahead; the payment lands in between, recorded by a path that cancels nothing itself.
    const at = new Date(env.clock.now().getTime() + 3000).toISOString();
    await approveDraft(env.ctx, lead, draftId, { sendAt: at });
    await env.ctx.stores.invoices.update(inv.id, (r) => ({ ...r, status: 'paid' }));
    const cancelled = await waitUntil(
      () => drafts().get(draftId),
      (d) => d?.status === 'cancelled',
    );
    expect(cancelled!.audit.at(-1)!.detail).toBe('invoice 2026-202 is paid');
    expect(env.sink.deliveries.length).toBe(before);
  });
});
