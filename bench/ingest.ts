/**
 * `npm run bench:ingest [-- --messages N --prose]`: Tactful's ingest-and-triage pipeline against raw IMAP and raw
 * mailparser, on a private Dovecot and a private Redis. Prints one table with issue 15's ratios; not a test.
 *   (a) raw imapflow FETCH of every source, one connection
 *   (p) mailparser alone over the same sources in memory, one core: CPU per message (this process's CPU time,
 *       not wall time, so other load on the machine skews it less), run before and after (b) and averaged
 *   (t) triage() alone (the shipped tone model) over the same messages, one core: CPU per message
 *   (b) Tactful on a 10,000-message backlog: APPENDed mail → records triaged and every job done (ingest, and the
 *       triage and draft queues, which the design before issue 15 used); two service processes (poller + workers,
 *       one more worker process) so both cores work; timed from the poller's first cursor write
 *   (c) APPEND → triaged latency over 100 single messages (p50/p99)
 *   (d) peak RSS of each service process over the run
 *   (e) the floor of the queue alone: CPU of an empty BullMQ job (addBulk + worker, concurrency 32), in this
 *       process and in redis-server
 * Office hours are open all week in the bench's inbox (no after-hours notes: the result does not depend on the
 * time of day the bench runs), and the messages are calm, so no drafts are made.
 * `--prose`: the text is English sentences with function words ("Could you please have a look at the …"), as real
 * mail has, instead of runs of nouns; language detection then decides from the function words, as it does for
 * 94 % of the training mails, instead of running tinyld on every message (which costs more than the rest of
 * triage() together on the noun runs, and answers `und`).
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
import { PARSE_OPTIONS, dedupeKeyFor, parseToRecord } from '../src/mail/parse.ts';
import { recordId } from '../src/model/ids.ts';
import { parseConfig } from '../src/config/load.ts';
import { settingsFor, triage, triageInputOf } from '../src/triage/triage.ts';
import { loadBuiltinClassifier } from '../src/tone-model/load.ts';
import { QUEUES } from '../src/queue/names.ts';

const argv = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const N = flag('messages', 10_000);
const LATENCY_SAMPLES = flag('latency', 100);
const CONCURRENCY = flag('concurrency', 32);
const PROSE = argv.includes('--prose');

const WORDS = (
  'project design homepage review client budget timeline launch feedback colour spacing image button ' +
  'meeting invoice proposal draft content copy layout mobile desktop font brand logo update schedule'
).split(' ');

/** A realistic ~4 KB message: relay headers, multipart/alternative text + HTML, varied words. */
function message(i: number): string {
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const w = () => WORDS[rnd(WORDS.length)]!;
  const nouns = () => Array.from({ length: 12 + rnd(8) }, w).join(' ') + '.';
  const frames = [
    () => `Could you please have a look at the ${w()} and the ${w()} before the ${w()}?`,
    () =>
      `We think the ${w()} is a bit too small on the ${w()}, and the ${w()} does not match the ${w()} yet.`,
    () => `Thanks for the ${w()}; we will send the ${w()} and the ${w()} to you by the end of the week.`,
    () => `The ${w()} for the ${w()} looks good to us, but we would like to move the ${w()} up a little.`,
    () => `Is there any news on the ${w()}? Our team wants to see it with the new ${w()} before the ${w()}.`,
  ];
  const sentence = PROSE ? () => frames[rnd(frames.length)]!() : nouns;
  // Prose sentences are shorter: four a paragraph keep the message near the same size.
  const paras = Array.from({ length: 5 }, () => Array.from({ length: PROSE ? 4 : 3 }, sentence).join(' '));
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

/** Calls per command so far (`INFO commandstats`), for BENCH_DEBUG's per-message breakdown. */
async function commandCalls(r: Redis): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of (await r.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    out.set(m[1]!, Number(m[2]));
  return out;
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

/** CPU time of this process while `fn` runs, in ms (user + system). */
async function cpuOf(fn: () => Promise<void>): Promise<number> {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const ALL_WEEK = ['00:00-24:00'];
/** The bench's inbox: open all week (no after-hours notes whatever the hour), no holidays. */
const inboxSettings = {
  id: 'studio',
  address: 'studio@agency.test',
  timezone: 'UTC',
  officeHours: {
    mon: ALL_WEEK,
    tue: ALL_WEEK,
    wed: ALL_WEEK,
    thu: ALL_WEEK,
    fri: ALL_WEEK,
    sat: ALL_WEEK,
    sun: ALL_WEEK,
  },
  holidays: { closed: [] },
};

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
    const parseAll = async () => {
      for (const s of sources) await simpleParser(s, PARSE_OPTS);
    };
    t = performance.now();
    const pCpu1 = await cpuOf(parseAll);
    const pMs1 = performance.now() - t;

    // (t) triage() alone over the same messages (parsed to records first, outside the measurement)
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    const serviceConfig = {
      redis: { url: redis.url, prefix },
      agency: { name: 'Bench Studio' },
      inboxes: [
        {
          ...inboxSettings,
          imap: { host: dovecot.host, port: dovecot.port, secure: false, user, pass, startFrom: 'all' },
        },
      ],
      ingest: { concurrency: CONCURRENCY, pollSeconds: 30 },
      log: { level: 'warn' },
    };
    const config = parseConfig(serviceConfig, {});
    const settings = settingsFor(config, config.inboxes[0]!);
    const classifier = loadBuiltinClassifier();
    const TRIAGE_SAMPLE = Math.min(N, 2000);
    const records = await Promise.all(
      sources.slice(0, TRIAGE_SAMPLE).map((s, k) =>
        parseToRecord(
          s,
          {
            inbox: 'studio',
            uid: k + 1,
            uidValidity: '1',
            internalDate: new Date(),
            size: s.length,
            messageId: null,
          },
          { now: new Date() },
        ),
      ),
    );
    const facts = { recentlyAcknowledged: false, isKnownSender: true };
    for (const r of records.slice(0, 200)) triage(triageInputOf(r), settings, classifier, facts); // warm-up
    const tCpu = await cpuOf(async () => {
      for (const r of records) triage(triageInputOf(r), settings, classifier, facts);
    });
    const tCpuPerMsg = tCpu / records.length;
    records.length = 0;

    // (b) Tactful
    const dir = mkdtempSync(join(tmpdir(), 'tactful-bench-'));
    const cfgFile = join(dir, 'tactful.yaml');
    writeFileSync(cfgFile, stringify(serviceConfig));
    const r = new Redis(redis.url);
    const keys = keyspace(prefix);
    const store = createStores(r, prefix, { clock: systemClock }).messages;
    // The queues a message passes through: ingest only since issue 15; ingest → triage → draft before it.
    const queues = [QUEUES.ingest, QUEUES.triage, QUEUES.draft].map(
      (name) => new Queue(name, { connection: r, prefix: bullPrefix(prefix, name) }),
    );
    const pending = async () => {
      let n = 0;
      for (const q of queues) {
        const c = await q.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
        n += Object.values(c).reduce((a, b) => a + b, 0);
      }
      return n;
    };
    const spawnServe = (roles: string) => {
      // BENCH_PROFILE=DIR writes a V8 CPU profile of each service process there.
      const prof = process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : [];
      // BENCH_NODE_ARGS="--max-old-space-size=160" passes node options to the service processes only.
      const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const c = spawn(
        process.execPath,
        [...prof, ...nodeArgs, 'bin/tactful.js', 'serve', '--config', cfgFile],
        {
          env: {
            ...process.env,
            REDIS_URL: '',
            TACTFUL_ROLES: roles,
            // Every worker a message can pass through; send, reminders and the rest have nothing to do here.
            TACTFUL_WORKERS: 'ingest,triage,draft',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      children.push(c);
      return c;
    };
    spawnServe('worker');
    spawnServe('poller,worker');
    await waitFor(async () => (await r.exists(keys.inbox('studio', 'cursor'))) === 1, 60_000, 2);
    const rssAtStart = children.map((c) => peakRssMb(c.pid));
    const cpu0 = children.reduce((a, c) => a + cpuMs(c.pid), 0);
    const redisCpu0 = await redisCpuMs(r);
    const calls0 = process.env.BENCH_DEBUG ? await commandCalls(r) : null;
    t = performance.now();
    // Done = every record stored and no job of any stage left (a record is triaged before its job ends).
    await waitFor(async () => (await store.count('studio')) >= N && (await pending()) === 0, 30 * 60_000, 20);
    const bMs = performance.now() - t;
    const bCpuMs = children.reduce((a, c) => a + cpuMs(c.pid), 0) - cpu0;
    const bRedisMs = (await redisCpuMs(r)) - redisCpu0;
    let triaged = 0;
    let cursor = '0';
    do {
      const [next, found] = await r.scan(cursor, 'MATCH', `${prefix}:*msg-triage:*`, 'COUNT', 2000);
      cursor = next;
      triaged += found.length;
    } while (cursor !== '0');
    if (calls0) {
      // Redis commands per message during (b), the bench's own polling included (a few per 20 ms).
      const calls = [...(await commandCalls(r))]
        .map(([k, v]) => [k, (v - (calls0.get(k) ?? 0)) / N] as const)
        .filter(([, v]) => v >= 0.01)
        .sort((a, b) => b[1] - a[1]);
      const sum = calls.reduce((a, [, v]) => a + v, 0);
      process.stderr.write(
        `redis commands per message ${sum.toFixed(2)}: ${calls.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}\n`,
      );
    }
    if (process.env.BENCH_DEBUG) {
      const q = queues[0]!;
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
    const pCpu2 = await cpuOf(parseAll);
    const pMs2 = performance.now() - t;

    // (c) APPEND → triaged, one message at a time
    const appender = await openMailbox(login);
    const lat: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const raw = message(N + i);
      const id = recordId('studio', dedupeKeyFor(/^Message-ID: (.+)$/m.exec(raw)![1]!.trim(), raw));
      const start = performance.now();
      await appender.append('INBOX', raw);
      await waitFor(async () => (await store.get(id))?.triage != null, 30_000, 2);
      lat.push(performance.now() - start);
    }
    await appender.logout();

    const e = await emptyJobCost(redis.url, Math.min(N, 5000));

    const rss = children.map((c) => peakRssMb(c.pid));
    await Promise.all(children.map((c) => new Promise((res) => (c.once('exit', res), c.kill('SIGTERM')))));
    await Promise.all(queues.map((q) => q.close()));
    await r.quit();

    const a = rate(N, aMs);
    const p = rate(N, (pMs1 + pMs2) / 2);
    const pCpu = (pCpu1 + pCpu2) / 2 / N;
    const b = rate(N, bMs);
    const perMsg = (bCpuMs + bRedisMs) / N;
    const p99 = pct(lat, 99);
    const cpuRatio = perMsg / pCpu;
    // The one-core parse ceiling: what one core does parsing alone, from its CPU time (not its wall time).
    const ceiling = 1000 / pCpu;
    const mark = (ok: boolean) => (ok ? '✓' : 'missed');
    const rows: Array<[string, string]> = [
      ['messages (avg size)', `${N} (${(avgBytes / 1024).toFixed(1)} KB, ${PROSE ? 'prose' : 'noun runs'})`],
      ['(a) raw imapflow FETCH', `${a} msg/s`],
      [
        '(p) mailparser alone, 1 core',
        `${pCpu.toFixed(3)} ms CPU per message (${Math.round(ceiling)} msg/s ceiling; ${p} msg/s wall)`,
      ],
      [
        '(t) triage() alone, 1 core',
        `${tCpuPerMsg.toFixed(3)} ms CPU per message (${TRIAGE_SAMPLE} messages)`,
      ],
      [
        '(b) Tactful backlog → triaged',
        `${b} msg/s (2 processes, concurrency ${CONCURRENCY}); ${triaged} of ${N} triaged`,
      ],
      ['    CPU per message: Tactful processes', `${(bCpuMs / N).toFixed(3)} ms`],
      ['    CPU per message: redis-server', `${(bRedisMs / N).toFixed(3)} ms`],
      ['    (Tactful + Redis CPU) / parse CPU (target ≤ 2)', `${cpuRatio.toFixed(2)} ${mark(cpuRatio <= 2)}`],
      [
        '    the same without triage() (t): (Tactful + Redis − t) / parse',
        `${((perMsg - tCpuPerMsg) / pCpu).toFixed(2)} (triage() alone: ${(tCpuPerMsg / pCpu).toFixed(2)} × parse)`,
      ],
      [
        '    backlog rate / 1-core parse ceiling (target ≥ 0.6)',
        `${(b / ceiling).toFixed(2)} ${mark(b / ceiling >= 0.6)}`,
      ],
      [`(c) APPEND→triaged p50 (n=${LATENCY_SAMPLES})`, `${Math.round(pct(lat, 50))} ms`],
      ['    p99 (target ≤ 700 ms)', `${Math.round(p99)} ms ${mark(p99 <= 700)}`],
      [
        '(d) peak RSS per process (target ≤ 300 MB)',
        `${rss.map((x) => `${x} MB`).join(', ')} ${mark(Math.max(...rss) <= 300)} (at start: ${rssAtStart.map((x) => `${x} MB`).join(', ')})`,
      ],
      [
        '(e) empty BullMQ job, CPU per job',
        `node ${(e.addMs + e.runMs).toFixed(3)} ms (add ${e.addMs.toFixed(3)} + run ${e.runMs.toFixed(3)}), ` +
          `redis-server ${(e.redisAddMs + e.redisRunMs).toFixed(3)} ms`,
      ],
      ['mailparser options (p) and (b)', JSON.stringify(PARSE_OPTS)],
    ];
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    rows.push([
      'machine load average (1/5/15 min)',
      `${load} at the end (other work on the 2 cores skews every rate)`,
    ]);
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
