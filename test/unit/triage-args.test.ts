import { describe, expect, it } from 'vitest';
import { parseTriageArgs } from '../../src/cli/args/triage.ts';
import { messageIdOf } from '../../src/cli/message-id-of.ts';

describe('tactful triage arguments', () => {
  it('takes options before, between and after paths, with a space or "="', () => {
    expect(parseTriageArgs(['a.eml', '--config', 'c.yaml', 'dir', '--inbox=studio', '-'])).toEqual({
      paths: ['a.eml', 'dir', '-'],
      config: 'c.yaml',
      inbox: 'studio',
    });
  });
  it('accepts --at as ISO 8601 with a zone, or a bare date', () => {
    expect(parseTriageArgs(['--at', '2026-11-20T23:14:00+01:00', 'a']).at?.toISOString()).toBe(
      '2026-11-20T22:14:00.000Z',
    );
    expect(parseTriageArgs(['--at=2026-11-20T22:14Z', 'a']).at?.toISOString()).toBe(
      '2026-11-20T22:14:00.000Z',
    );
    expect(parseTriageArgs(['--at', '2026-11-20', 'a']).at?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });
  it('treats everything after "--" as a path', () => {
    expect(parseTriageArgs(['--', '--odd-name.eml']).paths).toEqual(['--odd-name.eml']);
  });
  it('refuses bad usage with the usage line', () => {
    for (const argv of [
      [],
      ['--at', 'friday', 'a'],
      ['--at', '2026-11-20T23:14', 'a'],
      ['--config'],
      ['--nope', 'a'],
      ['-', '-'],
    ]) {
      expect(() => parseTriageArgs(argv)).toThrow(/usage: tactful triage/);
    }
  });
});

describe('Message-ID of a raw message (CLI)', () => {
  it('reads it from the header section only, unfolded, case-insensitive', () => {
    expect(
      messageIdOf(Buffer.from('Subject: x\r\nMessage-Id:\r\n <a@b.example>\r\n\r\nMessage-ID: <body@x>')),
    ).toBe('<a@b.example>');
  });
  it('is null when absent or only in the body', () => {
    expect(messageIdOf(Buffer.from('Subject: x\n\nMessage-ID: <body@x>\n'))).toBeNull();
    expect(messageIdOf(Buffer.from(''))).toBeNull();
  });
});
