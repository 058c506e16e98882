import { describe, expect, it } from 'vitest';
import {
  autoReplySubject,
  baseSubject,
  msgIdList,
  normaliseMsgId,
  replySubject,
  threadHeaders,
} from '../../src/mail/threading.ts';

describe('reply subject', () => {
  it.each([
    ['Invoice 42', 'Re: Invoice 42'],
    ['Re: Invoice 42', 'Re: Invoice 42'],
    ['RE: Re: re: Invoice 42', 'Re: Invoice 42'],
    ['AW: WG: Rechnung 42', 'Re: Rechnung 42'],
    ['SV: VS: Faktura 42', 'Re: Faktura 42'],
    ['R: Rif: Fattura 42', 'Re: Fattura 42'],
    ['TR: Fwd: Facture 42', 'Re: Facture 42'],
    ['RV: RE: Factura 42', 'Re: Factura 42'],
    ['Antw: Factuur', 'Re: Factuur'],
    ['Re[2]: Invoice', 'Re: Invoice'],
    ['[client-list] Re: [ticket #9] Launch date', 'Re: Launch date'],
    ['[fwd: Launch date]', 'Re: Launch date'],
    ['Launch date (fwd)', 'Re: Launch date'],
    ['  Re:   spaced\r\n  out  ', 'Re: spaced out'],
  ])('%j → %j (one Re:, localised prefixes and [blobs] stripped)', (input, expected) => {
    expect(replySubject(input)).toBe(expected);
  });

  it('keeps a [blob] that is the whole subject', () => {
    expect(baseSubject('[urgent]')).toBe('[urgent]');
  });

  it('never produces Re: Re:', () => {
    expect(replySubject(replySubject(replySubject('x')))).toBe('Re: x');
  });

  it('falls back when the subject is empty', () => {
    expect(replySubject('')).toBe('Re: Your message');
    expect(replySubject('Re:')).toBe('Re: Your message');
  });

  it('an automatic response says Auto: (RFC 3834 §3.1.5), with a fixed fallback', () => {
    expect(autoReplySubject('Re: Launch date')).toBe('Auto: Launch date');
    expect(autoReplySubject('')).toBe('Automated reply');
  });

  it('cannot carry a line break into the header', () => {
    expect(replySubject('Hi\r\nBcc: victim@x.test')).toBe('Re: Hi Bcc: victim@x.test');
  });
});

describe('In-Reply-To and References (RFC 5322 §3.6.4)', () => {
  it('References = parent References + parent Message-ID; In-Reply-To = parent Message-ID', () => {
    expect(threadHeaders({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] })).toEqual(
      {
        inReplyTo: '<c@x>',
        references: ['<a@x>', '<b@x>', '<c@x>'],
      },
    );
  });

  it('without References, a single In-Reply-To stands in for them', () => {
    expect(threadHeaders({ messageId: '<c@x>', inReplyTo: '<b@x>', references: [] }).references).toEqual([
      '<b@x>',
      '<c@x>',
    ]);
  });

  it('a parent without Message-ID gives no In-Reply-To and unchanged References', () => {
    expect(threadHeaders({ messageId: null, inReplyTo: null, references: ['<a@x>'] })).toEqual({
      inReplyTo: null,
      references: ['<a@x>'],
    });
    expect(threadHeaders({ messageId: null, inReplyTo: null, references: [] })).toEqual({
      inReplyTo: null,
      references: [],
    });
  });

  it('adds angle brackets, drops ids with whitespace or line breaks', () => {
    expect(normaliseMsgId('abc@host')).toBe('<abc@host>');
    expect(normaliseMsgId('<a b@host>')).toBeNull();
    expect(normaliseMsgId('<a@host>\r\nBcc: x@y')).toBeNull();
    expect(msgIdList('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
  });

  it('caps a very long References chain, keeping the root and the newest', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `<r${i}@x>`);
    const out = threadHeaders({ messageId: '<new@x>', inReplyTo: null, references: refs }).references;
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('<r0@x>');
    expect(out.at(-1)).toBe('<new@x>');
  });
});
