import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DateTime } from 'luxon';

/** The committed sample mail: angry, after-hours, payment promises, auto-replies, a list mail and a bounce. */
export const SEED_DIR = fileURLToPath(new URL('./seed/', import.meta.url));

export interface SeedMessage {
  file: string;
  raw: Buffer;
  /** The message's Date header after shifting: also its arrival time (INTERNALDATE) in the sandbox. */
  date: Date;
}

const DATE_HEADER = /^Date:[ \t]*([^\r\n]+)/im;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The Date header of a raw message, parsed as RFC 5322 §3.3 (luxon's RFC 2822 parser). */
export function dateOf(raw: Buffer): Date | undefined {
  const m = DATE_HEADER.exec(raw.toString('latin1'));
  if (!m) return undefined;
  const dt = DateTime.fromRFC2822(m[1]!.trim(), { setZone: true });
  return dt.isValid ? dt.toJSDate() : undefined;
}

/**
 * How many whole weeks to move the sample forward so that its newest message lies in the past week.
 * Whole weeks keep every weekday and local time, so "Saturday 22:47" stays after hours whenever the demo runs.
 */
export function weeksToShift(newest: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - newest.getTime()) / WEEK_MS));
}

/** Rewrites the Date header `weeks` later, keeping its UTC offset (DST edges aside, the same local time). */
export function shiftDate(raw: Buffer, weeks: number): Buffer {
  if (weeks === 0) return raw;
  const text = raw.toString('latin1');
  const m = DATE_HEADER.exec(text);
  if (!m) return raw;
  const dt = DateTime.fromRFC2822(m[1]!.trim(), { setZone: true });
  if (!dt.isValid) return raw;
  const shifted = dt.plus({ weeks }).toRFC2822()!;
  return Buffer.from(text.replace(DATE_HEADER, `Date: ${shifted}`), 'latin1');
}

/** Reads the sample mail in file order, dated into the week before `now`. */
export function loadSeed(now: Date, dir = SEED_DIR): SeedMessage[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const raws = files.map((file) => ({ file, raw: readFileSync(join(dir, file)) }));
  const newest = Math.max(...raws.map((r) => dateOf(r.raw)?.getTime() ?? 0));
  const weeks = weeksToShift(new Date(newest), now);
  return raws.map(({ file, raw }) => {
    const shifted = shiftDate(raw, weeks);
    return { file, raw: shifted, date: dateOf(shifted) ?? now };
  });
}
