/**
 * The chaos run's sizes and fault schedule (`npm run chaos`, `npm run chaos -- --short`). Pure: chaos.ts carries
 * it out. Times are ms from the start of the mail stream.
 */
export interface ChaosPlan {
  name: 'full' | 'short';
  inboxes: number;
  messages: number;
  /** Mail is appended evenly over this long. */
  appendMs: number;
  pollers: number;
  workers: number;
  /** A random Tactful process is SIGKILLed this often (± a third) until the mail stream ends, then restarted. */
  killEveryMs: number;
  redisRestartAt: number;
  dovecotRestartAt: number;
  /** The SMTP server answers 421 to the next `smtp421Burst` messages this often. */
  smtp421EveryMs: number;
  smtp421Burst: number;
  smtpDownAt: number;
  smtpDownMs: number;
  /** After the stream and the faults: how long everything may take to settle before the checks. */
  settleMs: number;
  /** Share of the mail that is angry (a draft a lead approves), and of automated mail (no draft). */
  angryShare: number;
  bulkShare: number;
}

export const FULL: ChaosPlan = {
  name: 'full',
  inboxes: 50,
  messages: 5000,
  appendMs: 5 * 60_000,
  pollers: 2,
  workers: 3,
  killEveryMs: 10_000,
  redisRestartAt: 75_000,
  dovecotRestartAt: 150_000,
  smtp421EveryMs: 25_000,
  smtp421Burst: 10,
  smtpDownAt: 200_000,
  smtpDownMs: 30_000,
  settleMs: 10 * 60_000,
  angryShare: 0.2,
  bulkShare: 0.1,
};

export const SHORT: ChaosPlan = {
  ...FULL,
  name: 'short',
  inboxes: 5,
  messages: 300,
  appendMs: 60_000,
  redisRestartAt: 15_000,
  dovecotRestartAt: 30_000,
  smtp421EveryMs: 15_000,
  smtp421Burst: 5,
  smtpDownAt: 40_000,
  smtpDownMs: 15_000,
  settleMs: 4 * 60_000,
};

export function planFromArgs(argv: string[]): ChaosPlan {
  const plan = argv.includes('--short') ? SHORT : FULL;
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  return { ...plan, inboxes: num('--inboxes') ?? plan.inboxes, messages: num('--messages') ?? plan.messages };
}

/** The next kill's delay: `every` ± a third, so kills do not fall into step with anything periodic. */
export function nextKillDelay(every: number, random = Math.random): number {
  return Math.round(every * (2 / 3 + random() * (2 / 3)));
}
