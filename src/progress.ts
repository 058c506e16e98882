import type { Clock } from './clock.ts';
import type { Metrics } from './metrics.ts';

/** Where a long piece of work stands: n of N, the rate so far and the estimated time left. */
export interface ProgressSnapshot {
  done: number;
  total: number;
  remaining: number;
  /** Items per second since the start; 0 before the first second has any work in it. */
  ratePerSecond: number;
  /** Seconds left at the current rate; null while the rate is still unknown. */
  etaSeconds: number | null;
  percent: number;
}

/** Pure: the snapshot for `done` of `total` items after `elapsedMs`. */
export function computeProgress(done: number, total: number, elapsedMs: number): ProgressSnapshot {
  const clampedTotal = Math.max(0, total);
  const clampedDone = Math.min(Math.max(0, done), clampedTotal);
  const remaining = clampedTotal - clampedDone;
  const rate = elapsedMs > 0 ? (clampedDone * 1000) / elapsedMs : 0;
  return {
    done: clampedDone,
    total: clampedTotal,
    remaining,
    ratePerSecond: rate,
    etaSeconds: remaining === 0 ? 0 : rate > 0 ? Math.ceil(remaining / rate) : null,
    percent: clampedTotal === 0 ? 100 : (clampedDone / clampedTotal) * 100,
  };
}

/** `1h02m`, `4m05s`, `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** `1200 of 50000 (2.4%), 310/s, ETA 2m37s` — the log line of a first sync. */
export function formatProgress(p: ProgressSnapshot): string {
  const rate = p.ratePerSecond >= 10 ? Math.round(p.ratePerSecond) : Math.round(p.ratePerSecond * 10) / 10;
  const eta = p.etaSeconds === null ? 'ETA unknown' : `ETA ${formatDuration(p.etaSeconds)}`;
  return `${p.done} of ${p.total} (${p.percent.toFixed(1)}%), ${rate}/s, ${eta}`;
}

/**
 * Progress of one inbox's first sync (`startFrom: all` on a large mailbox). Keeps the
 * `tactful_initial_sync_remaining{inbox}` gauge current and says when a log line is due, so the poller logs
 * every `logEveryMs` instead of once per message.
 */
export class SyncProgress {
  private readonly startedAt: number;
  private lastLogAt: number;
  private done = 0;

  constructor(
    readonly inboxId: string,
    readonly total: number,
    private readonly clock: Clock,
    /** The first-sync gauge of /metrics (`tactful_initial_sync_remaining`). */
    private readonly gauge: Metrics['syncProgress'],
    private readonly logEveryMs = 10_000,
  ) {
    this.startedAt = clock.now().getTime();
    this.lastLogAt = this.startedAt;
    gauge.set({ inbox: inboxId }, total);
  }

  /** Records `n` more items done and returns the snapshot. */
  advance(n = 1): ProgressSnapshot {
    this.done += n;
    const snap = this.snapshot();
    this.gauge.set({ inbox: this.inboxId }, snap.remaining);
    return snap;
  }

  snapshot(): ProgressSnapshot {
    return computeProgress(this.done, this.total, this.clock.now().getTime() - this.startedAt);
  }

  /** True at most once per `logEveryMs` (and always when done): then log `formatProgress(snapshot())`. */
  shouldLog(): boolean {
    const now = this.clock.now().getTime();
    if (this.done < this.total && now - this.lastLogAt < this.logEveryMs) return false;
    this.lastLogAt = now;
    return true;
  }

  /** The sync is over (finished or abandoned): nothing remains to report. */
  finish(): void {
    this.gauge.set({ inbox: this.inboxId }, 0);
  }
}
