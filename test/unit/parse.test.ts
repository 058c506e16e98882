import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dedupeKeyFor, parseToRecord, tooLargeRecord, type SourceMeta } from '../../src/mail/parse.ts';
import { messageRecord } from '../../src/model/message-record.ts';
import { recordId } from '../../src/model/ids.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/eml/${name}`, import.meta.url));
const now = new Date('2026-11-23T12:00:00Z');
const meta = (source: Buffer, messageId: string | null): SourceMeta => ({
  inbox: 'studio',
  uid: 7,
  uidValidity: '1700000000',
  internalDate: new Date('2026-11-23T11:59:00Z'),
  size: source.length,
  messageId,
});

describe('parseToRecord', () => {
  it('keeps what it can of malformed MIME and never throws', async () => {
    const src = fixture('malformed-mime.eml');
    const rec = await parseToRecord(src, meta(src, '<malformed-1@client.test>'), { now });
    expect(() => messageRecord.parse(rec)).not.toThrow();
    expect(rec.subject).toBe('Broken MIME');
    expect(rec.id).toBe(recordId('studio', '<malformed-1@client.test>'));
    expect(rec.size).toBe(src.length);
    expect(rec.internalDate).toBe('2026-11-23T11:59:00.000Z');
  });

  it('decodes odd and unknown charsets without failing the record', async () => {
    const src = fixture('odd-charset.eml');
    const rec = await parseToRecord(src, meta(src, '<odd-charset-1@client.test>'), { now });
    expect(rec.error).toBeNull();
    expect(rec.from).toEqual({ address: 'jorg@client.test', name: 'Jörg Müller' });
    expect(rec.subject.startsWith('Счёт')).toBe(true);
    expect(rec.text).toContain('Счёт оплачен');
    expect(rec.html).toContain('Hej');
  });

  it('hashes the source when there is no Message-ID, and keeps the null sender apart from a missing one', async () => {
    const src = fixture('no-message-id.eml');
    const rec = await parseToRecord(src, meta(src, null), { now });
    expect(rec.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rec.dedupeKey).toBe(dedupeKeyFor(null, src));
    expect(rec.returnPath).toBe('');
    expect(rec.date).toBeNull();
    expect(rec.autoHeaders).toMatchObject({
      'auto-submitted': ['auto-replied'],
      precedence: ['bulk'],
      'x-loop': ['studio@agency.test'],
      'return-path': ['<>'],
    });
    const other = await parseToRecord(Buffer.from('Subject: other\r\n\r\nx'), meta(src, null), { now });
    expect(other.returnPath).toBeNull();
    expect(other.dedupeKey).not.toBe(rec.dedupeKey);
  });

  it('turns a parse that outlives its timeout into a parse_error record', async () => {
    const huge = Buffer.concat([
      Buffer.from('Subject: huge\r\nContent-Type: text/plain\r\n\r\n'),
      Buffer.alloc(8 * 1024 * 1024, 'a line of text that goes on\r\n'),
    ]);
    const rec = await parseToRecord(huge, meta(huge, '<huge@x>'), { now, timeoutMs: 1 });
    expect(rec.error?.code).toBe('parse_error');
    expect(rec.error?.message).toMatch(/did not finish within 1 ms/);
    expect(rec.id).toBe(recordId('studio', '<huge@x>'));
  });

  it('keeps every instance of the auto-reply headers, unfolded, under lower-case names', async () => {
    const src = Buffer.from(
      'From: a@b.test\r\nLIST-ID: one\r\nPrecedence: bulk\r\nX-Loop: a\r\n\tfolded\r\nprecedence: junk\r\n\r\nhi',
    );
    const rec = await parseToRecord(src, meta(src, null), { now });
    expect(rec.autoHeaders).toEqual({
      'list-id': ['one'],
      precedence: ['bulk', 'junk'],
      'x-loop': ['a folded'],
    });
  });
});

describe('tooLargeRecord', () => {
  it('records the envelope and a too_large error, with a stable key even without a Message-ID', () => {
    const m = { ...meta(Buffer.alloc(0), null), size: 30_000_000 };
    const env = { subject: 'Big files', from: { address: 'a@b.test', name: 'A' } };
    const rec = tooLargeRecord(m, env, 25 * 1024 * 1024, now);
    expect(rec.error).toEqual({ code: 'too_large', message: expect.stringContaining('30000000 bytes') });
    expect(rec.subject).toBe('Big files');
    expect(tooLargeRecord(m, env, 1, now).id).toBe(rec.id);
    expect(() => messageRecord.parse(rec)).not.toThrow();
  });
});
