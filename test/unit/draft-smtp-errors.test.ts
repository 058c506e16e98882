import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../src/mail/smtp-errors.ts';

describe('which SMTP failures are retried', () => {
  it.each([
    [{ responseCode: 421, response: '421 try later' }, true],
    [{ responseCode: 450, response: '450 greylisted' }, true],
    [{ responseCode: 452, response: '452 mailbox full' }, true],
    [{ responseCode: 503, response: '503 bad sequence' }, true],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, true],
    [{ code: 'ETIMEDOUT', message: 'Timeout' }, true],
    [{ responseCode: 550, response: '550 no such user' }, false],
    [{ responseCode: 552, response: '552 too big' }, false],
    [{ responseCode: 554, response: '554 rejected as spam' }, false],
    [{ responseCode: 535, response: '535 authentication failed' }, false],
    [new Error('something odd'), true],
    [undefined, true],
  ])('%j → retry %s', (err, retry) => {
    expect(classifySmtpError(err).retry).toBe(retry);
  });

  it('keeps the server’s words on one line, bounded', () => {
    const v = classifySmtpError({
      responseCode: 550,
      response: '550 5.1.1\r\n  no such\nuser' + 'x'.repeat(1000),
    });
    expect(v.message.startsWith('550 5.1.1 no such user')).toBe(true);
    expect(v.message.length).toBeLessThanOrEqual(500);
    expect(v.code).toBe(550);
  });
});
