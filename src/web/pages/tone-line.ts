import { DateTime } from 'luxon';

/**
 * A client's tone over time as a small server-drawn line (issue 13, item 5): one dot per message they wrote,
 * anger score 0–100 % upwards, time to the right, the anger threshold as a dashed line. Pure geometry and
 * words: the template draws an inline SVG from numbers only, so nothing a client wrote reaches markup except
 * escaped text in a title.
 */
export interface TonePoint {
  at: string;
  angerScore: number;
  angry: boolean;
  urgent: boolean;
}

export interface ToneDot {
  x: number;
  y: number;
  angry: boolean;
  urgent: boolean;
  /** "Mon 23 Nov, 10:00 — anger 85 %, angry". */
  title: string;
}

export interface ToneLine {
  width: number;
  height: number;
  /** SVG path through the dots, oldest first. */
  path: string;
  dots: ToneDot[];
  /** y of the anger threshold. */
  thresholdY: number;
  /** The line in words, for screen readers and the page: "4 messages, 1 angry; the latest calm (12 %)". */
  summary: string;
}

const PAD = 8;
const round1 = (n: number) => Math.round(n * 10) / 10;

export function toneLine(
  points: TonePoint[],
  o: { threshold: number; zone: string; width?: number; height?: number },
): ToneLine | null {
  if (points.length === 0) return null;
  const width = o.width ?? 560;
  const height = o.height ?? 72;
  const times = points.map((p) => Date.parse(p.at));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const x = (t: number) => (span > 0 ? PAD + ((t - first) / span) * (width - 2 * PAD) : width / 2);
  const y = (score: number) => height - PAD - Math.min(1, Math.max(0, score)) * (height - 2 * PAD);
  const dots = points.map((p, i) => ({
    x: round1(x(times[i]!)),
    y: round1(y(p.angerScore)),
    angry: p.angry,
    urgent: p.urgent,
    title:
      `${DateTime.fromISO(p.at).setZone(o.zone).toFormat('ccc d LLL, HH:mm')} — anger ${Math.round(p.angerScore * 100)} %` +
      (p.angry ? ', angry' : '') +
      (p.urgent ? ', urgent' : ''),
  }));
  const path = dots.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.x} ${d.y}`).join(' ');
  const angry = points.filter((p) => p.angry).length;
  const last = points[points.length - 1]!;
  const summary =
    `${points.length} message${points.length === 1 ? '' : 's'}, ${angry} angry; the latest ` +
    `${last.angry ? 'angry' : 'calm'} (${Math.round(last.angerScore * 100)} %)`;
  return { width, height, path, dots, thresholdY: round1(y(o.threshold)), summary };
}
