import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.ts';
import { hashPassword } from '../users/passwords.ts';
import { findRedis, wipeKeys, type SandboxRedis } from '../sandbox/redis.ts';
import { startSmtpSink, type Delivery, type SmtpSink } from '../sandbox/smtp-sink.ts';
import { demoConfig, DEMO } from './demo-config.ts';
import { startImapSandbox, type ImapSandbox } from './imap-sandbox.ts';
import { loadSeed } from './seed.ts';

export interface Sandbox {
  config: Config;
  redis: SandboxRedis;
  imap: ImapSandbox;
  smtp: SmtpSink;
  apiToken: string;
  seeded: number;
  /** Delivers the sample mail into the sandbox INBOX (after the pipeline is listening, so IDLE sees it). */
  seed(now?: Date): number;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  webPort?: number;
  onSent?: (m: Delivery) => void;
  /** Use this Redis (keys under `prefix`, left in place) instead of finding one; tests pass the harness's. */
  redis?: { url: string; prefix: string };
  /** Where to look for redis-server (PATH) and a shared Redis (REDIS_URL); default the process's. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything the demo runs against, on loopback only: Redis (a private redis-server when one is installed),
 * the IMAP sandbox and the SMTP sink (src/sandbox), plus a config pointing at them. Stops what it started in
 * reverse order, also after a failed start.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const redis: SandboxRedis = opts.redis
      ? { url: opts.redis.url, kind: 'shared', stop: async () => undefined }
      : await findRedis({ prefer: 'private', env: opts.env });
    stops.push(() => redis.stop());
    // On someone else's Redis every demo starts from the same clean slate, under its own prefix only.
    if (redis.kind === 'shared' && !opts.redis) await wipeKeys(redis.url, DEMO.prefix);
    const imap = await startImapSandbox({ user: DEMO.mailUser, pass: DEMO.mailPass });
    stops.push(() => imap.stop());
    const smtp = await startSmtpSink({ auth: 'any', onDelivery: opts.onSent });
    stops.push(() => smtp.close());
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
