import { describe, expect, it } from 'vitest';
import {
  ackSender,
  autoReplyRecipient,
  decideAutoReply,
  type AutoReplyInput,
} from '../../src/triage/auto-reply-guard.ts';
import { keyspace } from '../../src/store/keyspace.ts';

/**
 * The 50 cases of shared/design/reminders-and-autoreply.md §2.2, one `it` each, numbered like the document.
 * Baseline: Return-Path alice@client.example, To lead@agency.example, a Message-ID, no list headers, no
 * acknowledgement to alice within the window.
 */
function msg(over: Partial<AutoReplyInput> & { headers?: Record<string, string[]> } = {}): AutoReplyInput {
  const { headers, ...rest } = over;
  return {
    autoHeaders: headers ?? {},
    returnPath: 'alice@client.example',
    from: { address: 'alice@client.example' },
    to: [{ address: 'lead@agency.example' }],
    cc: [],
    references: [],
    messageId: '<m1@client.example>',
    ownAddresses: ['lead@agency.example', 'billing@agency.example'],
    ownMessageIdDomains: ['agency.example'],
    recentlyAcknowledged: false,
    knownCorrespondentsOnly: false,
    isKnownSender: true,
    ...rest,
  };
}
const h = (name: string, ...values: string[]) => msg({ headers: { [name]: values } });
const refused = (input: AutoReplyInput, reason: string) =>
  expect(decideAutoReply(input)).toMatchObject({ allowed: false, reason });
const allowed = (input: AutoReplyInput) =>
  expect(decideAutoReply(input)).toEqual({ allowed: true, automated: false });

describe('auto-reply guard — A. Auto-Submitted (RFC 3834 §2, §5)', () => {
  it('1. auto-replied → no response', () => refused(h('auto-submitted', 'auto-replied'), 'auto-submitted'));
  it('2. auto-generated → no response', () =>
    refused(h('auto-submitted', 'auto-generated'), 'auto-submitted'));
  it('3. auto-notified with owner-email (RFC 5436) → no response', () =>
    refused(h('auto-submitted', 'auto-notified; owner-email="x@y"'), 'auto-submitted'));
  it('4. an x- extension keyword → no response', () =>
    refused(h('auto-submitted', 'x-anything'), 'auto-submitted'));
  it('5. auto-replied with a parameter → no response', () =>
    refused(h('auto-submitted', 'auto-replied; x-foo=bar'), 'auto-submitted'));
  it('6. "no" → response allowed', () => allowed(h('auto-submitted', 'no')));
  it('7. "NO" (ABNF literals are case-insensitive) → response allowed', () =>
    allowed(h('auto-submitted', 'NO')));
  it('8. policy: "no (sent by a human)" is "no" plus a comment per the ABNF → response allowed', () =>
    allowed(h('auto-submitted', 'no (sent by a human)')));
  it('9. two fields, "no" and "auto-generated" → no response (every instance is checked)', () =>
    refused(h('auto-submitted', 'no', 'auto-generated'), 'auto-submitted'));
});

describe('auto-reply guard — B. Envelope, Return-Path and sender address', () => {
  it('10. Return-Path <> (null reverse-path) → no response (MUST NOT)', () =>
    refused(msg({ returnPath: '<>' }), 'null-sender'));
  it('11. no Return-Path at all → no response (no other address may be used)', () =>
    refused(msg({ returnPath: null }), 'no-return-path'));
  it('12. MAILER-DAEMON in any case → no response', () =>
    refused(msg({ returnPath: 'Mailer-Daemon@mx.client.example' }), 'bounce'));
  it('13. owner- local part → no response', () =>
    refused(msg({ returnPath: 'owner-news@client.example' }), 'list'));
  it('14. -request local part → no response', () =>
    refused(msg({ returnPath: 'news-request@client.example' }), 'list'));
  it('15. LISTSERV and majordomo → no response', () => {
    refused(msg({ returnPath: 'LISTSERV@lists.example' }), 'list');
    refused(msg({ returnPath: 'majordomo@lists.example' }), 'list');
  });
  it('16. noreply, no-reply, do_not_reply, bounces-* → no response', () => {
    for (const rp of ['noreply@x.example', 'no-reply@x.example', 'do_not_reply@x.example']) {
      refused(msg({ returnPath: rp, from: { address: rp } }), 'noreply');
    }
    refused(msg({ returnPath: 'bounces-123@x.example' }), 'bounce');
  });
  it('17. policy: postmaster is refused as a system sender', () =>
    refused(msg({ returnPath: 'postmaster@client.example' }), 'noreply'));
  it('18. Return-Path is our own address or an alias (any case) → no response', () => {
    refused(msg({ returnPath: 'lead@agency.example' }), 'own-address');
    refused(msg({ returnPath: 'Billing@Agency.Example' }), 'own-address');
  });
  it('19. From and Reply-To differ from Return-Path → the response goes to the Return-Path only', () => {
    const input = msg({ returnPath: '<alice@client.example>', from: { address: 'team@client.example' } });
    allowed(input);
    expect(autoReplyRecipient(input)).toBe('alice@client.example');
  });
});

describe('auto-reply guard — C. Mailing lists and bulk', () => {
  it('20. List-Id → no response', () => refused(h('list-id', '<news.client.example>'), 'list'));
  it('21. List-Unsubscribe → no response', () =>
    refused(h('list-unsubscribe', '<mailto:u@client.example>'), 'list'));
  it('22. List-Help, -Subscribe, -Post, -Owner, -Archive → no response (each)', () => {
    for (const name of ['list-help', 'list-subscribe', 'list-post', 'list-owner', 'list-archive']) {
      refused(h(name, '<mailto:x@lists.example>'), 'list');
    }
  });
  it('23. List-Unsubscribe-Post alone → no response (any List-* field)', () =>
    refused(h('list-unsubscribe-post', 'List-Unsubscribe=One-Click'), 'list'));
  it('24. Precedence: bulk → no response', () => refused(h('precedence', 'bulk'), 'bulk'));
  it('25. Precedence: list → no response', () => refused(h('precedence', 'list'), 'list'));
  it('26. Precedence: junk → no response', () => refused(h('precedence', 'junk'), 'bulk'));
  it('27. Precedence: first-class → response allowed', () => allowed(h('precedence', 'first-class')));
});

describe('auto-reply guard — D. Explicit addressing (RFC 3834 §2, RFC 5230 §4.5)', () => {
  it('28. our address not in To/Cc/Resent-* (Bcc, alias, list delivery) → no response', () =>
    refused(msg({ to: [{ address: 'someone@else.example' }] }), 'not-addressed'));
  it('29. our address in Cc → response allowed', () =>
    allowed(msg({ to: [{ address: 'bob@client.example' }], cc: [{ address: 'lead@agency.example' }] })));
  it('30. our address in Resent-To only → response allowed', () =>
    allowed(
      msg({
        to: [{ address: 'bob@client.example' }],
        headers: { 'resent-to': ['Lead <lead@agency.example>'] },
      }),
    ));
  it('31. a configured alias in To → response allowed', () =>
    allowed(msg({ to: [{ address: 'billing@agency.example' }] })));
  it('32. the alias in To differs only in case → response allowed', () =>
    allowed(msg({ to: [{ address: 'Billing@Agency.Example' }] })));
});

describe('auto-reply guard — E. Rate limiting per sender (key: ack, inbox, lower-cased sender)', () => {
  const keys = keyspace('t');
  it('33. acknowledged 2 days ago (the ack key lives for ackLimitDays) → no response', () =>
    refused(msg({ recentlyAcknowledged: true }), 'rate-limited'));
  it('34. 8 days later the key has expired → response allowed', () =>
    allowed(msg({ recentlyAcknowledged: false })));
  it('35. the same sender in another case shares the key → no response', () => {
    expect(keys('ack', 'studio', ackSender('Alice@Client.Example'))).toBe(
      keys('ack', 'studio', ackSender('alice@client.example')),
    );
    refused(msg({ returnPath: 'Alice@Client.Example', recentlyAcknowledged: true }), 'rate-limited');
  });
  it('36. a different response handle (another inbox) has its own key → response allowed', () => {
    expect(keys('ack', 'studio', ackSender('alice@client.example'))).not.toBe(
      keys('ack', 'billing', ackSender('alice@client.example')),
    );
    allowed(msg({ recentlyAcknowledged: false }));
  });
  it('37. same handle, different text (after-hours vs angry acknowledgement) → no response', () => {
    // The key has no part for the kind or text of the acknowledgement, so both kinds share it.
    expect(keys('ack', 'studio', ackSender('alice@client.example'))).toBe(
      't:ack:studio:alice@client.example',
    );
    refused(msg({ recentlyAcknowledged: true }), 'rate-limited');
  });
  it('38. policy: an edited acknowledgement text does not reset the limit (RFC 5230 §4.2 MAY) → no response', () =>
    refused(msg({ recentlyAcknowledged: true }), 'rate-limited'));
});

describe('auto-reply guard — F. X-Auto-Response-Suppress (MS-OXCMAIL §2.1.3.2.20)', () => {
  it('39. All → no response', () => refused(h('x-auto-response-suppress', 'All'), 'suppressed'));
  it('40. OOF → no acknowledgement (ours is an out-of-office kind of reply)', () =>
    refused(h('x-auto-response-suppress', 'OOF'), 'suppressed'));
  it('41. "DR, OOF, RN" → no response (comma-separated, trimmed)', () =>
    refused(h('x-auto-response-suppress', 'DR, OOF, RN'), 'suppressed'));
  it('42. AutoReply → no non-OOF auto-reply (an acknowledgement is one)', () =>
    refused(h('x-auto-response-suppress', 'AutoReply'), 'suppressed'));
  it('43. "DR, NDR, RN, NRN" (receipts only) → response allowed', () =>
    allowed(h('x-auto-response-suppress', 'DR, NDR, RN, NRN')));
  it('44. None → response allowed', () => allowed(h('x-auto-response-suppress', 'None')));
  it('45. the header is a request, not a sign of automated mail', () => {
    const d = decideAutoReply(h('x-auto-response-suppress', 'All'));
    expect(d.automated).toBe(false);
  });
});

describe('auto-reply guard — G. Other refusals', () => {
  it('46. X-Spam-Flag: YES or a spam verdict → no response', () => {
    refused(h('x-spam-flag', 'YES'), 'spam');
    refused(h('x-spam-status', 'Yes, score=9.1 required=5.0'), 'spam');
    allowed(h('x-spam-status', 'No, score=0.1'));
  });
  it('47. a DSN (multipart/report; report-type=delivery-status) with a rewritten reverse-path → no response', () =>
    refused(h('content-type', 'multipart/report; report-type=delivery-status; boundary="b"'), 'bounce'));
  it('48. our own loop marker (X-Loop, our Message-ID domain) → no response', () => {
    refused(h('x-loop', 'tactful'), 'loop');
    refused(msg({ messageId: '<tactful-0b6f1c2e@agency.example>' }), 'loop');
    refused(msg({ references: ['<x@client.example>', '<tactful-0b6f1c2e@agency.example>'] }), 'loop');
    // A lead's own mail from the same domain is not ours: only the tactful- prefix marks it.
    allowed(msg({ references: ['<CAF1234@agency.example>'] }));
  });
  it('49. unknown sender while "known correspondents only" is on → no response', () => {
    refused(msg({ knownCorrespondentsOnly: true, isKnownSender: false }), 'unknown-sender');
    allowed(msg({ knownCorrespondentsOnly: true, isKnownSender: true }));
  });
  it('50. baseline: no blocking headers, explicitly addressed, first time in 7 days → response allowed', () => {
    allowed(msg());
    expect(autoReplyRecipient(msg())).toBe('alice@client.example');
  });
});

describe('auto-reply guard — automated category', () => {
  it('counts auto-submitted, bounces, lists, bulk, no-reply senders and loops as automated', () => {
    for (const input of [
      h('auto-submitted', 'auto-replied'),
      msg({ returnPath: 'MAILER-DAEMON@x.example' }),
      h('list-id', '<l.example>'),
      h('precedence', 'bulk'),
      msg({ from: { address: 'no-reply@shop.example' }, returnPath: 'bounce+x@shop.example' }),
      h('x-loop', 'tactful'),
      h('x-autoreply', 'yes'),
      h('x-ms-exchange-inbox-rules-loop', 'lead@client.example'),
    ]) {
      expect(decideAutoReply(input).automated).toBe(true);
    }
  });
  it('does not count suppressed, not-addressed, rate-limited or unknown senders as automated', () => {
    for (const input of [
      h('x-auto-response-suppress', 'All'),
      msg({ to: [] }),
      msg({ recentlyAcknowledged: true }),
      msg({ knownCorrespondentsOnly: true, isKnownSender: false }),
      msg({ references: ['<tactful-1@agency.example>'] }),
    ]) {
      expect(decideAutoReply(input).automated).toBe(false);
    }
  });
  it('skips the addressing checks when the own addresses are unknown (CLI without a config)', () =>
    allowed(msg({ ownAddresses: [], to: [{ address: 'someone@else.example' }] })));
  it('treats an unparseable Return-Path as malformed', () =>
    refused(msg({ returnPath: 'not an address' }), 'malformed'));
});
