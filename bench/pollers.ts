/**
 * `npm run bench:pollers [-- --inboxes 0,100,300] [--idle 20]`: how many IMAP IDLE sessions one poller process
 * holds, and at what memory and CPU. For each count, one `tactful serve` process with TACTFUL_ROLES=poller and
 * that many inboxes (one Dovecot user each, on a private Dovecot set up for many sessions, and a private Redis):
 * once every inbox has its session and the process had 5 s to settle, its RSS, then the CPU it spends over
 * `--idle` seconds of IDLE (lease renewals, status, heartbeats, IDLE restarts). Prints a table; not a test.
 * BENCH_LOG_LEVEL=info shows the poller's log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MANY_SESSIONS, startDovecot, type Dovecot } from '../test/harness/dovecot.ts';
import { cpuMs, establishedTo, rssMb } from '../test/harness/proc-probes.ts';
import { writeConfigFile } from '../test/harness/config.ts';
import { startPrivateRedis, wipeKeys } from '../src/sandbox/redis.ts';
import { requireBinary } from '../src/sandbox/system-parts.ts';
import { keyspace } from '../src/store/keyspace.ts';
import { LivePollerStore } from '../src/store/pollers.ts';

const argv = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : def;
};
const COUNTS = arg('inboxes', '0,100,300').split(',').map(Number);
const IDLE_S = Number(arg('idle', '20'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function users(dovecot: Dovecot, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const user = `bench-${i}-${randomBytes(3).toString('hex')}@agency.test`;
    const pass = randomBytes(8).toString('hex');
    dovecot.addUser(user, pass);
    return { user, pass, address: user };
  });
}

/** One poller process on `n` inboxes; resolves with its figures once measured, after stopping it. */
async function measure(dovecot: Dovecot, redisUrl: string, n: number) {
  const prefix = `bench-pollers:${randomBytes(4).toString('hex')}`;
  const inboxes = users(dovecot, n).map((u, i) => ({
    id: `client-${i}`,
    address: u.address,
    timezone: 'Europe/Stockholm',
    imap: {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      user: u.user,
      pass: u.pass,
      startFrom: 'all',
    },
  }));
  const file = writeConfigFile({
    redis: { url: redisUrl, prefix },
    agency: { name: 'Bench' },
    inboxes,
    log: { level: process.env.BENCH_LOG_LEVEL ?? 'error' },
  });
  const child: ChildProcess = spawn(process.execPath, ['bin/tactful.js', 'serve', '--config', file], {
    env: { ...process.env, REDIS_URL: '', TACTFUL_ROLES: 'poller' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  const pid = child.pid!;
  const redis = new Redis(redisUrl);
  try {
    const startedAt = Date.now();
    const pollers = new LivePollerStore(redis, keyspace(prefix));
    await until('the poller to register', async () => (await pollers.live()).length > 0, 60_000);
    await until('every IMAP session', async () => (await establishedTo(pid, dovecot.port)) >= n, 180_000);
    const connectedMs = Date.now() - startedAt;
    await sleep(5_000);
    // RSS moves with V8's garbage collections: the median and the peak of one sample a second.
    const cpu0 = await cpuMs(pid);
    const samples: number[] = [];
    for (let s = 0; s < IDLE_S; s++) {
      await sleep(1000);
      samples.push(await rssMb(pid));
    }
    const idleCpu = (await cpuMs(pid)) - cpu0;
    samples.sort((a, b) => a - b);
    return {
      inboxes: n,
      sessions: await establishedTo(pid, dovecot.port),
      rssMedian: samples[Math.floor(samples.length / 2)]!,
      rssPeak: samples[samples.length - 1]!,
      cpuMsPerS: idleCpu / IDLE_S,
      connectedMs,
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await redis.quit();
    await wipeKeys(redisUrl, prefix);
  }
}

async function main(): Promise<void> {
  const redis = await startPrivateRedis(requireBinary('redis-server'));
  if (!redis) throw new Error('could not start a private redis-server');
  const dovecot = await startDovecot(MANY_SESSIONS);
  const rows: Array<Awaited<ReturnType<typeof measure>>> = [];
  try {
    for (const n of COUNTS) {
      rows.push(await measure(dovecot, redis.url, n));
      console.error(`measured ${n} inboxes`);
    }
  } finally {
    await dovecot.destroy();
    await redis.stop();
  }
  const base = rows.find((r) => r.inboxes === 0);
  console.log(
    'inboxes  IMAP sessions  RSS median (MB)  peak  per session above 0  CPU in IDLE (ms/s)  sessions open after',
  );
  for (const r of rows) {
    const per =
      base && r.inboxes ? `${Math.round(((r.rssMedian - base.rssMedian) * 1024) / r.inboxes)} KB` : '–';
    console.log(
      [
        String(r.inboxes).padStart(7),
        String(r.sessions).padStart(14),
        String(r.rssMedian).padStart(16),
        String(r.rssPeak).padStart(5),
        per.padStart(20),
        r.cpuMsPerS.toFixed(1).padStart(19),
        `${(r.connectedMs / 1000).toFixed(1)} s`.padStart(20),
      ].join(' '),
    );
  }
}

await main();
