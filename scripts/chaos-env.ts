import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { stringify } from 'yaml';
import { startDovecot, type Dovecot } from '../test/harness/dovecot.ts';
import { startRedisProcess, type RedisProcess } from '../src/sandbox/redis-process.ts';
import { startSmtpSink, type Delivery, type SmtpSink } from '../src/sandbox/smtp-sink.ts';
import { freePort } from '../src/sandbox/ports.ts';

/** One inbox of the run: its id and the Dovecot login behind it. */
export interface ChaosInbox {
  id: string;
  address: string;
  login: { host: string; port: number; user: string; pass: string };
}

/**
 * What the chaos run's Tactful processes talk to, all private to the run: a Dovecot, a redis-server with AOF on,
 * and an SMTP sink that can be taken down and brought back on its port. Deliveries of every sink instance are
 * kept in one list.
 */
export interface ChaosEnv {
  dir: string;
  dovecot: Dovecot;
  redis: RedisProcess;
  inboxes: ChaosInbox[];
  prefix: string;
  configFile: string;
  webUrl: string;
  apiToken: string;
  deliveries: Delivery[];
  smtp(): SmtpSink | null;
  smtpDown(): Promise<void>;
  smtpUp(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Dovecot's default of 100 imap processes is below what 50 inboxes need (a poller connection each, plus a fetch
 * connection per inbox in every worker process): the run's instance gets more. Its config file is the harness's,
 * with these lines added before the first start of the real run.
 */
const DOVECOT_LIMITS = `
default_process_limit = 1000
default_client_limit = 4000
service imap {
  process_limit = 1000
}
`;

/**
 * Stops Dovecot and starts it again on its port. Its login processes can hold the listening socket for a moment
 * after the master exits (a start then fails with "Address already in use"), so the start waits for the port
 * to be free.
 */
export async function restartDovecot(dovecot: Dovecot, downMs = 0): Promise<void> {
  await dovecot.stop();
  const deadline = Date.now() + 15_000;
  while (await portAnswers(dovecot.port)) {
    if (Date.now() > deadline) throw new Error(`port ${dovecot.port} still in use after Dovecot stopped`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, downMs));
  await dovecot.start();
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startChaosEnv(opts: { inboxes: number }): Promise<ChaosEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'tactful-chaos-'));
  const dovecot = await startDovecot();
  appendFileSync(join(dovecot.dir, 'dovecot.conf'), DOVECOT_LIMITS);
  await restartDovecot(dovecot);
  // AOF on, fsync every second: what the README asks of production (and what a restart must not lose).
  const redis = await startRedisProcess({
    label: 'chaos-redis',
    args: [
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
  });
  const deliveries: Delivery[] = [];
  const smtpPort = await freePort();
  let sink: SmtpSink | null = null;
  const smtpUp = async () => {
    sink ??= await startSmtpSink({ port: smtpPort, onDelivery: (d) => void deliveries.push(d) });
  };
  await smtpUp();

  const inboxes: ChaosInbox[] = Array.from({ length: opts.inboxes }, (_, i) => {
    const id = `inbox-${String(i + 1).padStart(2, '0')}`;
    const user = `${id}@chaos.test`;
    const pass = randomBytes(8).toString('hex');
    dovecot.addUser(user, pass);
    return { id, address: user, login: { host: dovecot.host, port: dovecot.port, user, pass } };
  });
  const prefix = `tactful-chaos-${randomBytes(3).toString('hex')}`;
  const apiToken = randomBytes(16).toString('hex');
  const webPort = await freePort();
  // A new array per day: the YAML writer would otherwise emit one anchor and hundreds of aliases, which the
  // config loader refuses (the yaml package's guard against alias bombs).
  const allDay = () => ['00:00-24:00'];
  const configFile = join(dir, 'tactful.yaml');
  writeFileSync(
    configFile,
    stringify({
      redis: { url: redis.url, prefix },
      agency: { name: 'Chaos Studio' },
      inboxes: inboxes.map((i) => ({
        id: i.id,
        address: i.address,
        timezone: 'UTC',
        // Open all week: an approved reply leaves at once, so the run sees every send within its minutes.
        officeHours: {
          mon: allDay(),
          tue: allDay(),
          wed: allDay(),
          thu: allDay(),
          fri: allDay(),
          sat: allDay(),
          sun: allDay(),
        },
        imap: { ...i.login, secure: false, startFrom: 'all' },
        smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
      })),
      web: { host: '127.0.0.1', port: webPort },
      api: { tokens: [{ name: 'chaos', token: apiToken }] },
      // Short timeouts: a Dovecot restart or a dead connection is noticed in seconds, not minutes.
      ingest: { pollSeconds: 10, leaseSeconds: 5, socketTimeoutSeconds: 15, stepTimeoutSeconds: 20 },
      log: { level: 'warn' },
    }),
  );
  return {
    dir,
    dovecot,
    redis,
    inboxes,
    prefix,
    configFile,
    webUrl: `http://127.0.0.1:${webPort}`,
    apiToken,
    deliveries,
    smtp: () => sink,
    async smtpDown() {
      const s = sink;
      sink = null;
      await s?.close();
    },
    smtpUp,
    async destroy() {
      await sink?.close();
      await dovecot.destroy();
      await redis.destroy();
    },
  };
}
