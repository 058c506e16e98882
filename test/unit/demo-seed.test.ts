import { describe, expect, it } from 'vitest';
import { dateOf, loadSeed, shiftDate, weeksToShift } from '../../src/demo/seed.ts';
import { wantsDemo } from '../../src/demo/fallback.ts';
import { withReturnPath } from '../../src/demo/send-mail.ts';
import { DEFAULT_CONFIG_PATH } from '../../src/config/load.ts';

describe('demo seed mail', () => {
  it('is a dozen messages, each with a Message-ID and a parseable Date', () => {
    const seed = loadSeed(new Date('2026-11-23T12:00:00Z'));
    expect(seed).toHaveLength(12);
    for (const m of seed) {
      expect(m.raw.toString('latin1'), m.file).toMatch(/^Message-ID: <[^>]+>\r$/m);
      expect(dateOf(m.raw), m.file).toBeInstanceOf(Date);
    }
  });

  it('covers the cases the demo shows: list mail, auto-reply, bounce, several languages', () => {
    const text = loadSeed(new Date('2026-11-23T12:00:00Z')).map((m) => m.raw.toString('latin1'));
    expect(text.some((t) => /^List-Id: /im.test(t))).toBe(true);
    expect(text.some((t) => /^Auto-Submitted: auto-replied/m.test(t))).toBe(true);
    expect(text.some((t) => /^Content-Type: multipart\/report; report-type=delivery-status/m.test(t))).toBe(
      true,
    );
    expect(text.filter((t) => /charset=utf-8/i.test(t)).length).toBeGreaterThanOrEqual(8);
  });

  it('moves the sample forward by whole weeks so it always reads as last week, same weekday and time', () => {
    const now = new Date('2027-03-10T12:00:00Z');
    const seed = loadSeed(now);
    const newest = Math.max(...seed.map((m) => m.date.getTime()));
    expect(now.getTime() - newest).toBeLessThan(7 * 24 * 3600 * 1000);
    const sv = seed.find((m) => m.file.includes('after-hours-sv'))!;
    expect(sv.raw.toString('latin1')).toMatch(/^Date: Sat, 06 Mar 2027 22:47:31 \+0100\r$/m);
  });

  it('never moves mail backwards or shifts mail already in the last week', () => {
    expect(weeksToShift(new Date('2026-11-21T21:47:31Z'), new Date('2026-11-23T12:00:00Z'))).toBe(0);
    expect(weeksToShift(new Date('2026-11-21T21:47:31Z'), new Date('2026-11-01T12:00:00Z'))).toBe(0);
    const raw = Buffer.from('Date: Sat, 21 Nov 2026 22:47:31 +0100\r\n\r\nx');
    expect(shiftDate(raw, 0)).toBe(raw);
  });
});

describe('npm start without a config', () => {
  const none = () => false;
  it('runs the demo only when no config is given anywhere and config/tactful.yaml is missing', () => {
    expect(wantsDemo(undefined, {}, none)).toBe(true);
    expect(wantsDemo('my.yaml', {}, none)).toBe(false);
    expect(wantsDemo(undefined, { TACTFUL_CONFIG: '/etc/tactful.yaml' }, none)).toBe(false);
    expect(wantsDemo(undefined, {}, (p) => p === DEFAULT_CONFIG_PATH)).toBe(false);
  });
});

describe('demo send', () => {
  it('adds the Return-Path a delivering MTA would, from the From address, unless there is one', () => {
    const plain = Buffer.from('From: Ann <ann@client.test>\r\nSubject: hi\r\n\r\nbody\r\n');
    expect(withReturnPath(plain).toString()).toMatch(/^Return-Path: <ann@client\.test>\r\nFrom: Ann/);
    const bare = Buffer.from('From: ann@client.test\r\n\r\nbody');
    expect(withReturnPath(bare).toString()).toMatch(/^Return-Path: <ann@client\.test>\r\n/);
    const folded = Buffer.from('From: =?UTF-8?Q?Ann?=\r\n <ann@client.test>\r\n\r\nx');
    expect(withReturnPath(folded).toString()).toMatch(/^Return-Path: <ann@client\.test>\r\n/);
    const has = Buffer.from('Return-Path: <>\r\nFrom: a@b.test\r\n\r\nx');
    expect(withReturnPath(has)).toBe(has);
    const body = Buffer.from('Subject: x\r\n\r\nFrom: not@header.test\r\n');
    expect(withReturnPath(body)).toBe(body);
  });
});
