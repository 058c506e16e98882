/**
 * `npm run bench:ingest [-- --messages N]`: Tactful's ingest against raw IMAP and raw mailparser, on a
 * private Dovecot and a private Redis. Prints a table; not a test.
 *   (a) raw imapflow FETCH of every source, one connection
 *   (p) mailparser alone over the same sources in memory, one core
 *   (b) Tactful: APPENDed mail → stored records (service processes: poller+ingest worker, plus one more
 *       ingest worker process, so both cores parse); timed from the poller's first cursor write to the last record
 *   (c) APPEND → record latency over 100 single messages (p50/p99)
 *   (d) peak RSS of each service process
 *   (e) the floor of the queue alone: CPU of an empty BullMQ job (addBulk + worker, concurrency 32), in this
 *       process and in redis-server
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { Queue, Worker } from 'bullmq';
import { stringify } from 'yaml';
import { startDovecot } from '../test/harness/dovecot.ts';
import { appendMessages, openMailbox } from '../test/harness/mailbox.ts';
import { startPrivateRedis } from '../src/sandbox/redis.ts';
import { requireBinary } from '../src/sandbox/system-parts.ts';
import { bullPrefix, keyspace } from '../src/store/keyspace.ts';
import { createStores } from '../src/store/stores.ts';
import { systemClock } from '../src/clock.ts';
import { PARSE_OPTIONS } from '../src/mail/parse.ts';

const argv = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const N = flag('messages', 10_000);
const LATENCY_SAMPLES = flag('latency', 100);
const CONCURRENCY = flag('concurrency', 32);

const WORDS = (
  'project design homepage review client budget timeline launch feedback colour spacing image button ' +
  'meeting invoice proposal draft content copy layout mobile desktop font brand logo update schedule'
).split(' ');

/** A realistic ~4 KB message: relay headers, multipart/alternative text + HTML, varied words. */
function message(i: number): string {
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const sentence = () => Array.from({ length: 12 + rnd(8) }, () => WORDS[rnd(WORDS.length)]).join(' ') + '.';
  const paras = Array.from({ length: 5 }, () => Array.from({ length: 3 }, sentence).join(' '));
  const text = paras.join('\r\n\r\n');
  const html = `<html><body>${paras.map((p) => `<p>${p}</p>`).join('\r\n')}</body></html>`;
  return [
    `Received: from mx${i % 7}.client.test (mx.client.test [192.0.2.${i % 250}]) by mail.agency.test with ESMTPS id ${randomBytes(6).toString('hex')}; Mon, 23 Nov 2026 10:00:00 +0100`,
    'From: "Ada Client" <ada@client.test>',
    'To: "Studio" <studio@agency.test>',
    `Subject: Re: project update ${i}`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0100',
    `Message-ID: <bench-${i}-${randomBytes(6).toString('hex')}@client.test>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--alt--',
    '',
  ].join('\r\n');
}

const PARSE_OPTS = PARSE_OPTIONS;
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** User + system CPU time of a process so far, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** redis-server's own CPU time so far (user + sys), in ms. */
async function redisCpuMs(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const num = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (num('used_cpu_user') + num('used_cpu_sys')) * 1000;
}

/**
 * (e) What one BullMQ job costs with nothing to do: the producer's addBulk (batches of 500, deterministic ids,
 * as the poller adds ingest jobs) and a Worker at the service's concurrency with an empty processor, plus the
 * CPU redis-server spends on both. Tactful pays this twice per message (ingest job + triage job add).
 */
async function emptyJobCost(url: string, n: number) {
  const prefix = `bench-empty-${randomBytes(3).toString('hex')}:bull`;
  const conn = new Redis(url);
  const wconn = new Redis(url, { maxRetriesPerRequest: null });
  const q = new Queue('empty', { connection: conn, prefix });
  const cpu0 = process.cpuUsage();
  const r0 = await redisCpuMs(conn);
  for (let i = 0; i < n; i += 500)
    await q.addBulk(
      Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
        name: 'empty',
        data: { inboxId: 'studio', uidValidity: '1', uid: i + k + 1, messageId: `<m${i + k}@bench>` },
        opts: { jobId: `empty_${i + k}`, removeOnComplete: { count: 10_000 }, attempts: 5 },
      })),
    );
  const addCpu = process.cpuUsage(cpu0);
  const r1 = await redisCpuMs(conn);
  let done = 0;
  const all = new Promise<void>((res) => {
    const w = new Worker('empty', async () => undefined, {
      connection: wconn,
      prefix,
      concurrency: CONCURRENCY,
    });
    w.on('completed', () => {
      if (++done === n) void w.close().then(() => res());
    });
  });
  await all;
  const total = process.cpuUsage(cpu0);
  const r2 = await redisCpuMs(conn);
  await q.obliterate({ force: true });
  await q.close();
  await Promise.all([conn.quit(), wconn.quit()]);
  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  return {
    addMs: ms(addCpu) / n,
    runMs: (ms(total) - ms(addCpu)) / n,
    redisAddMs: (r1 - r0) / n,
    redisRunMs: (r2 - r1) / n,
  };
}

async function main() {
  const dovecot = await startDovecot();
  // Private on purpose: (b) and (e) read redis-server's own CPU time, which another user's load would skew.
  const redis = await startPrivateRedis(requireBinary('redis-server'));
  if (!redis) throw new Error('redis-server did not start');
  const children: ChildProcess[] = [];
  try {
    const user = `bench-${randomBytes(3).toString('hex')}@agency.test`;
    const pass = randomBytes(8).toString('hex');
    dovecot.addUser(user, pass);
    const login = { host: dovecot.host, port: dovecot.port, user, pass };

    process.stderr.write(`appending ${N} messages…\n`);
    const msgs = Array.from({ length: N }, (_, i) => message(i));
    const avgBytes = Math.round(msgs.reduce((a, m) => a + m.length, 0) / N);
    await appendMessages(login, msgs);

    // (a) raw FETCH
    const reader = await openMailbox(login);
    await reader.mailboxOpen('INBOX', { readOnly: true });
    const sources: Buffer[] = [];
    let t = performance.now();
    for await (const m of reader.fetch('1:*', { uid: true, source: true })) sources.push(m.source!);
    const aMs = performance.now() - t;
    await reader.logout();

    // (p) mailparser alone, one core
    t = performance.now();
    for (const s of sources) await simpleParser(s, PARSE_OPTS);
    const pMs = performance.now() - t;
    const pCpuMs = pMs; // one process, one core: wall time is its CPU time when the machine is idle

    // (b) Tactful
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'tactful-bench-'));
    const cfgFile = join(dir, 'tactful.yaml');
    writeFileSync(
      cfgFile,
      stringify({
        redis: { url: redis.url, prefix },
        agency: { name: 'Bench Studio' },
        inboxes: [
          {
            id: 'studio',
            address: 'studio@agency.test',
            imap: { host: dovecot.host, port: dovecot.port, secure: false, user, pass, startFrom: 'all' },
          },
        ],
        ingest: { concurrency: CONCURRENCY, pollSeconds: 30 },
        log: { level: 'warn' },
      }),
    );
    const r = new Redis(redis.url);
    const keys = keyspace(prefix);
    const store = createStores(r, prefix, { clock: systemClock }).messages;
    const spawnServe = (roles: string) => {
      // BENCH_PROFILE=DIR writes a V8 CPU profile of each service process there.
      const prof = process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : [];
      const c = spawn(process.execPath, [...prof, 'bin/tactful.js', 'serve', '--config', cfgFile], {
        env: {
          ...process.env,
          REDIS_URL: '',
          TACTFUL_ROLES: roles,
          TACTFUL_WORKERS: 'ingest',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(c);
      return c;
    };
    spawnServe('worker');
    spawnServe('poller,worker');
    await waitFor(async () => (await r.exists(keys.inbox('studio', 'cursor'))) === 1, 60_000, 2);
    const cpu0 = children.reduce((a, c) => a + cpuMs(c.pid), 0);
    const redisCpu0 = await redisCpuMs(r);
    t = performance.now();
    await waitFor(async () => (await store.count('studio')) >= N, 30 * 60_000, 20);
    const bMs = performance.now() - t;
    const bCpuMs = children.reduce((a, c) => a + cpuMs(c.pid), 0) - cpu0;
    const bRedisMs = (await redisCpuMs(r)) - redisCpu0;
    if (process.env.BENCH_DEBUG) {
      const { Queue } = await import('bullmq');
      const q = new Queue('ingest', { connection: r, prefix: bullPrefix(prefix, 'ingest') });
      const jobs = await q.getJobs(['completed'], 0, 20_000);
      const proc = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
      const first = Math.min(...jobs.map((j) => j.processedOn ?? Infinity));
      const last = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
      process.stderr.write(
        `jobs ${jobs.length}: processing p50 ${pct(proc, 50)} ms p90 ${pct(proc, 90)} ms; ` +
          `first start→last finish ${last - first} ms; enqueue span ${Math.max(...jobs.map((j) => j.timestamp)) - Math.min(...jobs.map((j) => j.timestamp))} ms\n`,
      );
    }

    // (p) again, after (b): other load on the machine drifts, so the two runs are averaged.
    t = performance.now();
    for (const s of sources) await simpleParser(s, PARSE_OPTS);
    const pMs2 = performance.now() - t;

    // (c) latency, one message at a time
    const appender = await openMailbox(login);
    const lat: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const before = await store.count('studio');
      const start = performance.now();
      await appender.append('INBOX', message(N + i));
      await waitFor(async () => (await store.count('studio')) > before, 30_000, 2);
      lat.push(performance.now() - start);
    }
    await appender.logout();

    const e = await emptyJobCost(redis.url, Math.min(N, 5000));

    const rss = children.map((c) => peakRssMb(c.pid));
    await Promise.all(children.map((c) => new Promise((res) => (c.once('exit', res), c.kill('SIGTERM')))));
    await r.quit();

    const a = rate(N, aMs);
    const p = rate(N, (pMs + pMs2) / 2);
    const b = rate(N, bMs);
    const rows: Array<[string, string]> = [
      ['messages (avg size)', `${N} (${(avgBytes / 1024).toFixed(1)} KB)`],
      ['(a) raw imapflow FETCH', `${a} msg/s`],
      ['(p) mailparser alone, 1 core', `${p} msg/s`],
      ['(b) Tactful ingest → records', `${b} msg/s (2 processes, concurrency ${CONCURRENCY})`],
      [
        '    CPU per message: Tactful processes',
        `${(bCpuMs / N).toFixed(2)} ms (mailparser alone: ${(pCpuMs / N).toFixed(2)} ms wall)`,
      ],
      ['    CPU per message: redis-server', `${(bRedisMs / N).toFixed(2)} ms`],
      ['    b/a', (b / a).toFixed(2)],
      ['    b/p (target ≥ 0.8)', (b / p).toFixed(2)],
      [`(c) APPEND→record p50 (n=${LATENCY_SAMPLES})`, `${Math.round(pct(lat, 50))} ms`],
      ['    p99 (target ≤ 1000 ms)', `${Math.round(pct(lat, 99))} ms`],
      ['(d) peak RSS per process (target < 300 MB)', rss.map((x) => `${x} MB`).join(', ')],
      [
        '(e) empty BullMQ job, CPU per job',
        `node ${(e.addMs + e.runMs).toFixed(3)} ms (add ${e.addMs.toFixed(3)} + run ${e.runMs.toFixed(3)}), ` +
          `redis-server ${(e.redisAddMs + e.redisRunMs).toFixed(3)} ms`,
      ],
      ['mailparser options (p) and (b)', JSON.stringify(PARSE_OPTS)],
    ];
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    rows.push(['machine load average (1/5/15 min)', `${load} (other work on the 2 cores skews every rate)`]);
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(
      `\nTactful ingest benchmark\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await dovecot.destroy();
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
