import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.ts';
import { hashPassword } from '../web/passwords.ts';
import { demoConfig, DEMO } from './demo-config.ts';
import { startImapSandbox, type ImapSandbox } from './imap-sandbox.ts';
import { demoRedis, type DemoRedis } from './redis-launcher.ts';
import { loadSeed } from './seed.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from './smtp-sink.ts';
import { Redis } from 'ioredis';

export interface Sandbox {
  config: Config;
  redis: DemoRedis;
  imap: ImapSandbox;
  smtp: SmtpSink;
  apiToken: string;
  seeded: number;
  /** Delivers the sample mail into the sandbox INBOX (after the pipeline is listening, so IDLE sees it). */
  seed(now?: Date): number;
  stop(): Promise<void>;
}

/** Deletes the demo's keys on a shared Redis, so every demo starts from the same clean slate. */
async function wipeDemoKeys(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await r.quit().catch(() => r.disconnect());
  }
}

export interface SandboxOptions {
  webPort?: number;
  onSent?: (m: SinkMessage) => void;
  /** Use this Redis (keys under `prefix`, left in place) instead of finding one; tests pass the harness's. */
  redis?: { url: string; prefix: string };
}

/**
 * Everything the demo runs against, on loopback only: Redis (private when possible), the IMAP sandbox and the
 * SMTP sink, plus a config pointing at them. Stops what it started in reverse order, also after a failed start.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const redis: DemoRedis = opts.redis
      ? { url: opts.redis.url, kind: 'shared', stop: async () => undefined }
      : await demoRedis();
    stops.push(() => redis.stop());
    if (redis.kind === 'shared' && !opts.redis) await wipeDemoKeys(redis.url, DEMO.prefix);
    const imap = await startImapSandbox({ user: DEMO.mailUser, pass: DEMO.mailPass });
    stops.push(() => imap.stop());
    const smtp = await startSmtpSink({ user: DEMO.mailUser, pass: DEMO.mailPass, onMessage: opts.onSent });
    stops.push(() => smtp.stop());
    const apiToken = `demo-${randomBytes(12).toString('hex')}`;
    const config = demoConfig({
      redisUrl: redis.url,
      prefix: opts.redis?.prefix,
      imap,
      smtp,
      webPort: opts.webPort ?? 3000,
      passwordHash: await hashPassword(DEMO.password),
      apiToken,
      sessionSecret: randomBytes(32).toString('hex'),
    });
    const sandbox: Sandbox = {
      config,
      redis,
      imap,
      smtp,
      apiToken,
      seeded: 0,
      seed(now = new Date()) {
        const mail = loadSeed(now);
        for (const m of mail) imap.deliver(m.raw, m.date);
        sandbox.seeded += mail.length;
        return mail.length;
      },
      stop: stopAll,
    };
    return sandbox;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
