import { describe, expect, it } from 'vitest';
import { cleanClientName } from '../../src/drafts/client-name.ts';

describe('client name for the greeting', () => {
  it.each([
    ['Anna Berg', 'Anna Berg'],
    ['Berg, Anna', 'Anna Berg'],
    ['"Anna Berg"', 'Anna Berg'],
    ['ANNA BERG', 'Anna Berg'],
    ['MARIE-CLAIRE DUBOIS', 'Marie-Claire Dubois'],
    ["o'neil, sean", "Sean O'Neil"],
    ['Anna Berg (Acme AB)', 'Anna Berg'],
    ['Anna Berg <anna@acme.se>', 'Anna Berg'],
    ['anna@acme.se', ''],
    ['noreply', ''],
    ['', ''],
    [null, ''],
    ['12345', ''],
    ['Björn Ångström', 'Björn Ångström'],
    ['Anna\r\nBcc: x@y.z', 'Anna Bcc'],
  ])('%j → %j', (input, expected) => {
    expect(cleanClientName(input)).toBe(expected);
  });
});
