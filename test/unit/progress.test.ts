import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics.ts';
import { ManualClock } from '../../src/clock.ts';
import { computeProgress, formatDuration, formatProgress, SyncProgress } from '../../src/progress.ts';

const metrics = createMetrics();

async function remainingGauge(inbox: string): Promise<number | undefined> {
  const m = await metrics.syncProgress.get();
  return m.values.find((v) => v.labels.inbox === inbox)?.value;
}

describe('progress of a long sync', () => {
  it('computes rate and ETA from items done and time elapsed', () => {
    const p = computeProgress(1200, 50_000, 4000);
    expect(p.ratePerSecond).toBe(300);
    expect(p.remaining).toBe(48_800);
    expect(p.etaSeconds).toBe(Math.ceil(48_800 / 300));
    expect(formatProgress(p)).toBe('1200 of 50000 (2.4%), 300/s, ETA 2m43s');
  });

  it('has no ETA before any work was done, and zero when all is done', () => {
    expect(computeProgress(0, 10, 5000).etaSeconds).toBeNull();
    expect(formatProgress(computeProgress(0, 10, 0))).toBe('0 of 10 (0.0%), 0/s, ETA unknown');
    expect(computeProgress(10, 10, 5000).etaSeconds).toBe(0);
    expect(computeProgress(0, 0, 0).percent).toBe(100);
  });

  it('never reports more done than the total', () => {
    expect(computeProgress(15, 10, 1000)).toMatchObject({ done: 10, remaining: 0 });
  });

  it('formats durations as hours+minutes, minutes+seconds or seconds', () => {
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(245)).toBe('4m05s');
    expect(formatDuration(12)).toBe('12s');
  });

  it('keeps the remaining gauge current and asks for a log line at most every interval', async () => {
    const clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    const sync = new SyncProgress('big', 100, clock, metrics.syncProgress, 10_000);
    expect(await remainingGauge('big')).toBe(100);
    clock.advance(2000);
    sync.advance(20);
    expect(await remainingGauge('big')).toBe(80);
    expect(sync.shouldLog()).toBe(false);
    clock.advance(8000);
    expect(sync.shouldLog()).toBe(true);
    expect(sync.shouldLog()).toBe(false);
    expect(sync.snapshot().ratePerSecond).toBe(2);
    sync.advance(80);
    expect(sync.shouldLog()).toBe(true);
    sync.finish();
    expect(await remainingGauge('big')).toBe(0);
  });
});
