/**
 * `npm run chaos [-- --short]`: Tactful under load and faults, then a table. Not a timed test: a script that
 * runs for minutes (the short run, in CI, about two) and exits 1 when a promise was broken.
 *
 * 50 inboxes on a private Dovecot (5 with --short), 5,000 messages (300) appended over five minutes (one), two
 * poller and three worker processes plus a web process for the leads' approvals through the API, on a private
 * Redis with AOF. Faults while mail flows: a random Tactful process SIGKILLed about every 10 s and started again,
 * Redis restarted, Dovecot restarted, the SMTP server answering 421 in bursts and gone for 30 s (15 s). Then the
 * run settles and the checks of chaos-verify.ts decide.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Approver } from './chaos-approver.ts';
import { restartDovecot, startChaosEnv } from './chaos-env.ts';
import { Fleet } from './chaos-fleet.ts';
import { Appender, chaosMessages } from './chaos-mail.ts';
import { nextKillDelay, planFromArgs, type ChaosPlan } from './chaos-plan.ts';
import { inspect } from './chaos-verify.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

interface Faults {
  kills: string[];
  redisRestarts: number;
  dovecotRestarts: number;
  smtp421Bursts: number;
  smtpDownMs: number;
}

/** Runs the fault schedule until `streaming()` turns false; resolves when the last fault is undone. */
async function injectFaults(
  plan: ChaosPlan,
  env: Awaited<ReturnType<typeof startChaosEnv>>,
  fleet: Fleet,
  streaming: () => boolean,
) {
  const faults: Faults = { kills: [], redisRestarts: 0, dovecotRestarts: 0, smtp421Bursts: 0, smtpDownMs: 0 };
  const start = Date.now();
  const at = (ms: number) => sleep(Math.max(0, start + ms - Date.now()));
  const kills = (async () => {
    for (
      await sleep(nextKillDelay(plan.killEveryMs));
      streaming();
      await sleep(nextKillDelay(plan.killEveryMs))
    ) {
      const name = fleet.killRandom();
      if (name) faults.kills.push(name);
    }
  })();
  const bursts = (async () => {
    for (await sleep(plan.smtp421EveryMs); streaming(); await sleep(plan.smtp421EveryMs)) {
      const sink = env.smtp();
      if (!sink) continue; // SMTP is down anyway
      sink.failNext(421, plan.smtp421Burst, 'Service not available, closing transmission channel');
      faults.smtp421Bursts++;
    }
  })();
  const redis = (async () => {
    await at(plan.redisRestartAt);
    log('restarting Redis (AOF)');
    await env.redis.stop('SIGTERM');
    await sleep(1000);
    await env.redis.start();
    faults.redisRestarts++;
  })();
  const dovecot = (async () => {
    await at(plan.dovecotRestartAt);
    log('restarting Dovecot');
    await restartDovecot(env.dovecot, 1000);
    faults.dovecotRestarts++;
  })();
  const smtp = (async () => {
    await at(plan.smtpDownAt);
    log(`SMTP down for ${plan.smtpDownMs / 1000} s`);
    await env.smtpDown();
    const down = Date.now();
    await sleep(plan.smtpDownMs);
    await env.smtpUp();
    faults.smtpDownMs = Date.now() - down;
  })();
  await Promise.all([kills, bursts, redis, dovecot, smtp]);
  return faults;
}

/** Waits for `GET /readyz` to answer 200 (Redis up, every inbox's poller connected). */
async function untilReady(webUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${webUrl}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the fleet was not ready within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

function table(title: string, rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return `\n${title}\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n`;
}

async function main(): Promise<number> {
  const plan = planFromArgs(process.argv.slice(2));
  log(`${plan.name} run: ${plan.inboxes} inboxes, ${plan.messages} messages over ${plan.appendMs / 1000} s`);
  const env = await startChaosEnv({ inboxes: plan.inboxes });
  const fleet = new Fleet(env.configFile, env.dir, [
    { roles: 'poller', count: plan.pollers },
    { roles: 'worker', count: plan.workers },
    { roles: 'web', count: 1 },
  ]);
  let ok = false;
  let keepLogs = true;
  try {
    const messages = chaosMessages(env.inboxes, plan.messages, plan.appendMs, {
      angry: plan.angryShare,
      bulk: plan.bulkShare,
    });
    const appender = new Appender(new Map(env.inboxes.map((i) => [i.id, i])), messages);
    const approver = new Approver(env.webUrl, env.apiToken);
    fleet.start();
    // The faults start on a running system: every inbox's poller connected (the web role's /readyz says so).
    await untilReady(env.webUrl, 180_000);
    log('fleet ready: mail stream and faults start');
    const started = Date.now();
    let streaming = true;
    const faults = injectFaults(plan, env, fleet, () => streaming);
    const settledFlag = { done: false };
    const approvals = (async () => {
      while (streaming || !settledFlag.done) {
        await approver.round();
        await sleep(1000);
      }
    })();
    while (!appender.done || Date.now() - started < plan.appendMs) {
      await appender.tick(Date.now() - started);
      await sleep(250);
    }
    const streamMs = Date.now() - started;
    streaming = false;
    const injected = await faults;
    log(
      `mail stream done in ${Math.round(streamMs / 1000)} s (${appender.retries} APPEND retries); settling`,
    );

    const inspectNow = (final: boolean) =>
      inspect({
        redisUrl: env.redis.url,
        prefix: env.prefix,
        inboxes: env.inboxes,
        messages,
        deliveries: env.deliveries,
        final,
      });
    const settleStart = Date.now();
    let outcome = await inspectNow(false);
    while (!outcome.settled && Date.now() - settleStart < plan.settleMs) {
      await sleep(5000);
      outcome = await inspectNow(false);
    }
    const settleMs = Date.now() - settleStart;
    settledFlag.done = true;
    await approvals;
    await fleet.stop();
    await appender.close();
    outcome = await inspectNow(true);

    const byRole = (role: string) => injected.kills.filter((k) => k.startsWith(role)).length;
    const rows: Array<[string, string]> = [
      ['inboxes / processes', `${plan.inboxes} / ${plan.pollers} poller, ${plan.workers} worker, 1 web`],
      [
        'mail stream',
        `${Math.round(streamMs / 1000)} s (${appender.retries} failed APPEND attempts, tried again)`,
      ],
      [
        'SIGKILLs (poller / worker / web), restarts',
        `${injected.kills.length} (${byRole('poller')} / ${byRole('worker')} / ${byRole('web')}), ${fleet.restarts()}`,
      ],
      [
        'processes that ended on their own',
        fleet.crashes.length ? fleet.crashes.map((c) => `${c.name} (${c.how})`).join(', ') : 'none',
      ],
      ['Redis restarts (AOF) / Dovecot restarts', `${injected.redisRestarts} / ${injected.dovecotRestarts}`],
      [
        'SMTP 421 bursts / SMTP down',
        `${injected.smtp421Bursts} × ${plan.smtp421Burst} / ${Math.round(injected.smtpDownMs / 1000)} s`,
      ],
      [
        'API approvals (answered ok, refused, round errors)',
        `${approver.approved}, ${approver.refused}, ${approver.errors}`,
      ],
      [
        'settled after the stream',
        outcome.settled || settleMs < plan.settleMs
          ? `${Math.round(settleMs / 1000)} s`
          : `no (gave up after ${plan.settleMs / 1000} s)`,
      ],
      ...outcome.rows,
      [
        'verdict',
        outcome.violations.length
          ? `FAILED: ${outcome.violations.length} broken promises`
          : 'zero lost, zero duplicated (sends killed inside SMTP are handed to a lead as uncertain)',
      ],
    ];
    process.stdout.write(table(`Tactful chaos run (${plan.name})`, rows));
    for (const v of outcome.violations) process.stdout.write(`  ✗ ${v}\n`);
    for (const w of outcome.windowLosses) process.stdout.write(`  ! ${w}\n`);
    for (const c of fleet.crashes)
      process.stderr.write(`\n--- ${c.name} ended (${c.how}); its last lines ---\n${c.logTail}\n`);
    ok = outcome.violations.length === 0;
    // Anything worth a look keeps the logs: a broken promise, a reply lost in the SMTP window, a crash.
    keepLogs = !ok || outcome.windowLosses.length > 0 || fleet.crashes.length > 0;
    return ok ? 0 : 1;
  } finally {
    await fleet.stop();
    if (!ok) {
      for (const name of ['worker-1', 'poller-1', 'web-1'])
        try {
          const text = readFileSync(`${env.dir}/${name}.log`, 'utf8');
          process.stderr.write(
            `\n--- last lines of ${name}.log ---\n${text.split('\n').slice(-15).join('\n')}\n`,
          );
        } catch {
          /* no log */
        }
    }
    await env.destroy();
    if (keepLogs) process.stderr.write(`\nlogs kept in ${env.dir}\n`);
    else rmSync(env.dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos run failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
