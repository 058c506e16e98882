import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';

const example = () => parse(readFileSync('config/tactful.example.yaml', 'utf8'));
const env = { IMAP_PASS: 'p', SMTP_PASS: 's', TACTFUL_API_TOKEN: 'a-long-enough-token' };

describe('config', () => {
  it('accepts the committed example and fills defaults', () => {
    const cfg = parseConfig(example(), env);
    expect(cfg.inboxes[0]!.imap.pass).toBe('p');
    expect(cfg.ingest.maxMessageBytes).toBe(25 * 1024 * 1024);
    expect(cfg.inboxes[0]!.autoSend.angry).toBe(false);
  });

  it('names the key and the problem for a bad office-hours range', () => {
    const raw = example();
    raw.inboxes[0].officeHours.mon = ['09:00-12:00', '9-17'];
    expect(() => parseConfig(raw, env)).toThrow('inboxes[0].officeHours.mon[1]: "9-17" is not HH:MM-HH:MM');
  });

  it('closes on public and bank holidays unless holidays.types says otherwise, and opens no holiday by default', () => {
    const raw = example();
    delete raw.inboxes[0].holidays;
    expect(parseConfig(raw, env).inboxes[0]!.holidays).toEqual({
      types: ['public', 'bank'],
      closed: [],
      open: [],
    });
    raw.inboxes[0].holidays = { country: 'DE', types: ['public'], open: ['2026-12-31'] };
    expect(parseConfig(raw, env).inboxes[0]!.holidays).toEqual({
      country: 'DE',
      types: ['public'],
      closed: [],
      open: ['2026-12-31'],
    });
  });

  it('names the key and the value for a holiday type date-holidays does not have', () => {
    const raw = example();
    raw.inboxes[0].holidays.types = ['public', 'banks'];
    expect(() => parseConfig(raw, env)).toThrow(
      'inboxes[0].holidays.types[1]: "banks" is not a date-holidays type: use public, bank, school, optional, observance',
    );
  });

  it('refuses a day that is both closed and open, and an open day that is no date', () => {
    const raw = example();
    raw.inboxes[0].holidays = { country: 'SE', closed: ['2026-12-24', '2026-12-31'], open: ['2026-12-31'] };
    expect(() => parseConfig(raw, env)).toThrow(
      'inboxes[0].holidays.open[0]: 2026-12-31 is also in closed: a day cannot be both closed and open',
    );
    raw.inboxes[0].holidays = { country: 'SE', open: ['31 Dec'] };
    expect(() => parseConfig(raw, env)).toThrow('inboxes[0].holidays.open[0]: is not a YYYY-MM-DD date');
  });

  it('reports a missing environment variable by key', () => {
    expect(() =>
      parseConfig(example(), { SMTP_PASS: 's', TACTFUL_API_TOKEN: 'a-long-enough-token' }),
    ).toThrow('inboxes[0].imap.pass: environment variable IMAP_PASS is not set');
  });

  it('rejects unknown time zones, bad inbox ids, unknown keys and duplicate ids', () => {
    const raw = example();
    raw.inboxes[0].timezone = 'Europe/Stockholmm';
    raw.inboxes[0].id = 'Studio';
    raw.inboxes[0].colour = 'red';
    raw.inboxes.push({ ...example().inboxes[0] });
    let msg = '';
    try {
      parseConfig(raw, env);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain('inboxes[0].timezone: is not an IANA time zone');
    expect(msg).toContain('inboxes[0].id: must match [a-z0-9-]+');
    expect(msg).toContain('inboxes[0]: unknown key "colour"');
  });

  it('lets REDIS_URL override redis.url', () => {
    expect(parseConfig(example(), { ...env, REDIS_URL: 'redis://10.0.0.1:6380' }).redis.url).toBe(
      'redis://10.0.0.1:6380',
    );
  });
});
