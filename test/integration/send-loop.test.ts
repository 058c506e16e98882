import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, testInbox } from '../harness/config.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { startPipeline, type Pipeline, type SinkSmtp } from '../harness/pipeline.ts';
import { uniquePrefix } from '../harness/redis.ts';
import { waitUntil } from '../harness/wait.ts';
import { header } from './send-support.ts';

/**
 * Two Tactful inboxes, both acknowledging after-hours mail unattended, both sending through one real SMTP
 * server that delivers into their real Dovecot mailboxes. A person at beta writes to alpha at night; alpha
 * acknowledges; beta receives the acknowledgement and must not acknowledge it back (RFC 3834 §2).
 * The whole service runs: poller → ingest → triage → draft → send.
 */
const prefix = uniquePrefix('send-loop');
const FRIDAY_NIGHT = new Date('2026-11-20T22:00:00Z');
let alpha: MailUser;
let beta: MailUser;
let svc: Pipeline;

/** Local delivery: the message lands in each recipient's INBOX with the envelope sender as Return-Path. */
async function deliverLocally(from: string, to: string[], raw: Buffer) {
  for (const rcpt of to) {
    const user = [alpha, beta].find((u) => u.address === rcpt);
    if (!user) continue;
    const delivered = Buffer.concat([Buffer.from(`Return-Path: <${from}>\r\n`), raw]);
    await appendMessages(user, [{ raw: delivered, date: FRIDAY_NIGHT }]);
  }
}

beforeAll(async () => {
  alpha = newMailUser('alpha');
  beta = newMailUser('beta');
  const inbox = (id: string, u: MailUser, smtp: SinkSmtp) =>
    testInbox(u, {
      id,
      // A real envelope sender (not <>), so only the message's own markers can stop the loop.
      smtp: { ...smtp, autoReplyEnvelopeFrom: u.address },
      autoSend: { 'after-hours': true, angry: true },
    });
  svc = await startPipeline({
    at: '2026-11-23T09:00:00Z', // Monday 10:00: acknowledgements go out now.
    config: (smtp) =>
      testConfig({
        prefix,
        inboxes: [inbox('alpha', alpha, smtp), inbox('beta', beta, smtp)],
        extra: { ingest: { pollSeconds: 1, leaseSeconds: 5 } },
      }),
  });
  svc.sink.onDelivery = (d) => deliverLocally(d.from, d.to, d.raw);
});

afterAll(() => svc?.stop());

describe('two Tactful inboxes acknowledging each other', () => {
  it('stop after one exchange: the acknowledgement is not acknowledged', async () => {
    await deliverLocally(
      beta.address,
      [alpha.address],
      Buffer.from(
        `From: Bo Beta <${beta.address}>\r\nTo: ${alpha.address}\r\nSubject: Banner files\r\n` +
          `Message-ID: <human-1@agency.test>\r\nDate: Fri, 20 Nov 2026 23:00:00 +0100\r\n\r\nCould you send the banner files?\r\n`,
      ),
    );
    const [ack] = await svc.sink.waitForDeliveries(1, 30_000);
    expect(ack!.from).toBe(alpha.address);
    expect(ack!.to).toEqual([beta.address]);
    expect(header(ack!.raw, 'auto-submitted')).toEqual(['auto-replied']);

    // Beta ingests and triages the acknowledgement, and its draft step runs to the end.
    const { ctx } = svc;
    const store = ctx.stores.messages;
    const [rec] = await waitUntil(
      () => store.list('beta', 10),
      (l) => l.length === 1 && l[0]!.triage !== null,
      30_000,
    );
    expect(rec!.triage!.autoReply.allowed).toBe(false);
    expect(rec!.triage!.categories).toContain('automated');
    // The draft step runs in the message's ingest job (issue 15: no draft job): done once no ingest job is left.
    await waitUntil(
      () => ctx.queues.ingest.getJobCounts('wait', 'active', 'delayed', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );
    expect(await ctx.stores.drafts.list({ inboxes: ['beta'] })).toEqual([]);
    // Alpha's own acknowledgement is sent; nothing else went over SMTP.
    const alphaDrafts = await ctx.stores.drafts.list({ inboxes: ['alpha'] });
    expect(alphaDrafts.map((d) => d.status)).toEqual(['sent']);
    expect(svc.sink.deliveries).toHaveLength(1);
  });
});
