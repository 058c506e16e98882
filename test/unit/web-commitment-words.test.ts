import { describe, expect, it } from 'vitest';
import { deadlineWords, spanWords } from '../../src/web/pages/deadline-words.ts';
import { toneLine } from '../../src/web/pages/tone-line.ts';
import { businessHoursWords } from '../../src/web/pages/client-view.ts';
import { weekDays } from '../../src/web/pages/report-view.ts';

/** How the web view words reply-by times, business hours and a client's tone (pure presentation). */

const STOCKHOLM = 'Europe/Stockholm';
const at = (iso: string) => new Date(iso);

describe('a reply-by time in words, on the inbox clock', () => {
  it('says today, tomorrow or the day, and how long overdue', () => {
    const now = at('2026-11-23T20:30:00Z'); // Monday 21:30 in Stockholm
    expect(deadlineWords('2026-11-23T22:45:00Z', now, STOCKHOLM).text).toBe('due today 23:45');
    // 00:30 on Tuesday in Stockholm is still Monday in UTC: the inbox's day decides.
    expect(deadlineWords('2026-11-23T23:30:00Z', now, STOCKHOLM).text).toBe('due tomorrow 00:30');
    expect(deadlineWords('2026-11-24T08:30:00Z', now, STOCKHOLM).text).toBe('due tomorrow 09:30');
    expect(deadlineWords('2026-11-25T08:00:00Z', now, STOCKHOLM).text).toBe('due Wed 25 Nov, 09:00');
    expect(deadlineWords('2026-11-23T18:30:00Z', now, STOCKHOLM)).toEqual({
      text: 'overdue by 2 h',
      overdue: true,
      at: 'Mon 23 Nov, 19:30',
    });
    expect(deadlineWords('2026-11-23T20:30:00Z', now, STOCKHOLM).overdue).toBe(true);
  });

  it('counts tomorrow in calendar days across a DST change', () => {
    const now = at('2026-03-28T21:00:00Z'); // Saturday 22:00, the night clocks go forward
    expect(deadlineWords('2026-03-29T07:00:00Z', now, STOCKHOLM).text).toBe('due tomorrow 09:00');
  });

  it('rounds a span to what a lead would say', () => {
    expect(spanWords(10_000)).toBe('1 min');
    expect(spanWords(45 * 60_000)).toBe('45 min');
    expect(spanWords(47 * 3_600_000)).toBe('47 h');
    expect(spanWords(80.5 * 3_600_000)).toBe('3 d');
  });
});

describe('business hours and weeks in words', () => {
  it('says hours and minutes', () => {
    expect(businessHoursWords(null)).toBe('—');
    expect(businessHoursWords(0.5)).toBe('30 min');
    expect(businessHoursWords(1.75)).toBe('1 h 45 min');
    expect(businessHoursWords(10)).toBe('10 h');
  });

  it('names the days of an ISO week', () => {
    expect(weekDays('2026-W14')).toBe('30 Mar – 5 Apr');
    expect(weekDays('2026-W53')).toBe('28 Dec – 3 Jan');
    expect(weekDays('nonsense')).toBe('');
  });
});

describe('the tone line', () => {
  const points = [
    { at: '2026-11-20T09:00:00Z', angerScore: 0.1, angry: false, urgent: false },
    { at: '2026-11-22T09:00:00Z', angerScore: 0.9, angry: true, urgent: true },
    { at: '2026-11-23T09:00:00Z', angerScore: 0.3, angry: false, urgent: false },
  ];

  it('places messages by time and anger, with the threshold and a summary', () => {
    const t = toneLine(points, { threshold: 0.5, zone: STOCKHOLM, width: 316, height: 72 })!;
    expect(t.dots.map((d) => [d.x, d.y])).toEqual([
      [8, 58.4], // 72 − 8 − 0.1 × 56
      [208, 13.6],
      [308, 47.2],
    ]);
    expect(t.thresholdY).toBe(36);
    expect(t.path).toBe('M8 58.4 L208 13.6 L308 47.2');
    expect(t.dots[1]!.title).toBe('Sun 22 Nov, 10:00 — anger 90 %, angry, urgent');
    expect(t.summary).toBe('3 messages, 1 angry; the latest calm (30 %)');
  });

  it('draws one message in the middle, and nothing without messages', () => {
    expect(toneLine([points[1]!], { threshold: 0.5, zone: STOCKHOLM, width: 100 })!.dots[0]!.x).toBe(50);
    expect(toneLine([], { threshold: 0.5, zone: STOCKHOLM })).toBeNull();
  });
});
