import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createLogger } from '../../src/log.ts';
import { startImapSandbox, type ImapSandbox } from '../../src/demo/imap-sandbox.ts';
import { startSmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { startDemo, type RunningDemo } from '../../src/demo/run-demo.ts';
import { appendToSandbox } from '../../src/demo/send-mail.ts';
import { DEMO } from '../../src/demo/demo-config.ts';
import { loadSeed, SEED_DIR } from '../../src/demo/seed.ts';
import { REDIS_MISSING } from '../../src/sandbox/redis.ts';
import { ManualClock } from '../../src/clock.ts';
import { nextOpening } from '../../src/triage/office-hours.ts';
import { DEFAULT_OFFICE_HOURS } from '../../src/config/schema.ts';
import { runCliInProcess } from '../harness/cli.ts';
import { openMailbox } from '../harness/mailbox.ts';
import { runTactful } from '../harness/processes.ts';
import { redisUrl, uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';

const prefix = uniquePrefix('demo');
afterAll(() => wipePrefix(prefix));

const EIGHT_BIT = Buffer.from(
  'From: Åsa Öberg <asa@example.test>\r\nTo: hello@northlight.demo\r\nSubject: Hej\r\nMessage-ID: <8bit@example.test>\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHallå där, Grüße ✓\r\n',
);

/** GET a path of the demo's JSON API with its token. */
async function demoApi(demo: RunningDemo, path: string) {
  const res = await fetch(`${demo.url}${path}`, {
    headers: { authorization: `Bearer ${demo.sandbox.apiToken}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json() as Promise<Record<string, Array<Record<string, unknown>>>>;
}

describe('demo IMAP sandbox (hoodiecrow-imap) with imapflow', () => {
  let imap: ImapSandbox;
  const client = () => openMailbox(imap, { retryMs: 0 });
  beforeAll(async () => {
    imap = await startImapSandbox({ user: 'u@demo.test', pass: 'pw' });
  });
  afterAll(() => imap.stop());

  it('refuses a wrong password', async () => {
    await expect(openMailbox({ ...imap, pass: 'nope' }, { retryMs: 0 })).rejects.toThrow();
  });

  it('has INBOX and a \\Sent folder, takes APPEND with a UID (UIDPLUS) and keeps 8-bit mail byte for byte', async () => {
    const c = await client();
    const boxes = await c.list();
    expect(boxes.find((b) => b.path === 'Sent')?.specialUse).toBe('\\Sent');
    const res = await c.append('INBOX', EIGHT_BIT, [], new Date());
    expect(res && typeof res === 'object' && res.uid).toBe(1);
    const lock = await c.getMailboxLock('INBOX');
    try {
      const msg = await c.fetchOne('1', { source: true, size: true }, { uid: true });
      expect(msg && msg.source?.equals(EIGHT_BIT)).toBe(true);
      expect(msg && msg.size).toBe(EIGHT_BIT.length);
    } finally {
      lock.release();
    }
    await c.logout();
  });

  it('wakes an IDLE client with EXISTS when mail is delivered, and answers UID SEARCH and STORE', async () => {
    const c = await client();
    await c.mailboxOpen('INBOX');
    const before = imap.count();
    const exists = new Promise<number>((resolve) =>
      c.on('exists', (e: { count: number }) => resolve(e.count)),
    );
    // idle() resolves only when IDLE ends; the next command (SEARCH) ends it.
    void c.idle().catch(() => undefined);
    const uid = imap.deliver(
      Buffer.from('From: a@b.test\r\nSubject: new\r\nMessage-ID: <n@b.test>\r\n\r\nhi\r\n'),
    );
    expect(await exists).toBe(before + 1);
    expect(await c.search({ uid: `${uid}:*` }, { uid: true })).toEqual([uid]);
    expect(await c.messageFlagsAdd({ uid: String(uid) }, ['\\Seen'], { uid: true })).toBe(true);
    const msg = await c.fetchOne(String(uid), { flags: true }, { uid: true });
    expect(msg && msg.flags?.has('\\Seen')).toBe(true);
    await c.logout();
  });
});

describe('demo SMTP sink', () => {
  it('accepts any login and keeps what it was sent', async () => {
    const sink = await startSmtpSink({ auth: 'any' });
    try {
      const t = nodemailer.createTransport({
        host: sink.host,
        port: sink.port,
        secure: false,
        auth: { user: 'anyone', pass: 'anything' },
      });
      await t.sendMail({
        from: 'hello@northlight.demo',
        to: 'client@example.test',
        subject: 'Re: hi',
        text: 'ok',
      });
      t.close();
      expect(sink.deliveries).toHaveLength(1);
      expect(sink.deliveries[0]!.to).toEqual(['client@example.test']);
      expect(sink.deliveries[0]!.raw.toString()).toMatch(/^Subject: Re: hi\r$/m);
    } finally {
      await sink.close();
    }
  });
});

describe('tactful demo', () => {
  let demo: RunningDemo;
  const api = (path: string) => demoApi(demo, path);
  const messages = async () => (await api(`/api/messages?limit=100`)).messages!;

  beforeAll(async () => {
    demo = await startDemo({
      webPort: 0,
      log: createLogger({ level: 'silent' }),
      redis: { url: redisUrl(), prefix },
    });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('serves the login page', async () => {
    const res = await fetch(`${demo.url}/login`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<form[^>]*method="post"/i);
  });

  it('ingests every seeded message through the real poller and workers', async () => {
    const list = await waitFor(
      async () => {
        const m = await messages();
        return m.length >= 12 ? m : undefined;
      },
      'the 12 seeded messages',
      30_000,
    );
    expect(list.map((m) => m.messageId)).toContain('<demo-02-angry-de@albrecht-moebel.example>');
    expect(list.find((m) => m.messageId === '<demo-02-angry-de@albrecht-moebel.example>')?.subject).toBe(
      'Schon wieder verpasste Deadline – so geht das nicht',
    );
  });

  it('takes more mail from `demo send` and ingests it', async () => {
    const state = {
      pid: process.pid,
      url: demo.url,
      imap: {
        host: demo.sandbox.imap.host,
        port: demo.sandbox.imap.port,
        user: DEMO.mailUser,
        pass: DEMO.mailPass,
      },
      smtp: {
        host: demo.sandbox.smtp.host,
        port: demo.sandbox.smtp.port,
        user: DEMO.mailUser,
        pass: DEMO.mailPass,
      },
    };
    const file = `${SEED_DIR}/01-angry-en.eml`;
    const changed = readFileSync(file, 'latin1').replace(
      /^Message-ID: <[^>]+>/m,
      'Message-ID: <dropped-in@demo.test>',
    );
    const tmp = `${process.env.TMPDIR ?? '/tmp'}/${prefix.replace(/[^a-z0-9-]/gi, '_')}.eml`;
    (await import('node:fs')).writeFileSync(tmp, changed, 'latin1');
    const uid = await appendToSandbox(state, tmp);
    expect(uid).toBe(13);
    await waitFor(
      async () => (await messages()).some((m) => m.messageId === '<dropped-in@demo.test>'),
      'the dropped-in message',
      30_000,
    );
  });
  it('drafts replies for the seeded client mail within 30 s, and none for list mail, auto-replies or bounces', async () => {
    const drafts = await waitFor(
      async () => {
        const d = (await api('/api/drafts?limit=100')).drafts!;
        const to = d.map((x) => String(x.to)).join(' ');
        return /erik@sandbergs-bageri/.test(to) && /camille\.roux@atelier-roux/.test(to) ? d : undefined;
      },
      'the after-hours drafts',
      30_000,
    );
    const sv = drafts.find((d) => d.to === 'erik@sandbergs-bageri.example')!;
    expect(sv).toMatchObject({ kind: 'after-hours', language: 'sv' });
    expect(drafts.map((d) => String(d.to)).join(' ')).not.toMatch(/designweekly|MAILER-DAEMON|fjordline/i);
    // The angry samples (en, de, it) wait for a lead: angry replies are never sent unattended by default.
    const angry = await waitFor(
      async () => {
        const d = (await api('/api/drafts?status=pending&limit=100')).drafts!;
        return d.some((x) => String(x.kind).startsWith('angry')) ? d : undefined;
      },
      'an angry draft',
      10_000,
    );
    expect(angry.filter((d) => String(d.kind).startsWith('angry')).map((d) => d.to)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/brightside-dental|albrecht-moebel|trattoria-benedetti/),
      ]),
    );
  });
});

describe('tactful demo in office hours', () => {
  const officePrefix = uniquePrefix('demo-office');
  let demo: RunningDemo;
  afterAll(async () => {
    await demo?.stop();
    await wipePrefix(officePrefix);
  });

  it('sends the Swedish weekend acknowledgement through the SMTP sink, threaded, with a copy in Sent, and withdraws the stale French one', async () => {
    // An hour after the opening that follows the Saturday-night sample (Stockholm, weekdays 09-17, Swedish
    // holidays): its acknowledgement is due. The Thursday-night sample's opening was a day earlier, so its note
    // would arrive after a person's answer (inboxes[].ackStaleAfterHours) and is withdrawn instead.
    const office = {
      timezone: 'Europe/Stockholm',
      officeHours: DEFAULT_OFFICE_HOURS,
      holidays: { country: 'SE', closed: [] },
    };
    const saturdayNight = loadSeed(new Date()).find((m) => m.file === '04-after-hours-sv.eml')!.date;
    const inOfficeHours = nextOpening(office, saturdayNight).plus({ hours: 1 }).toJSDate();
    demo = await startDemo({
      webPort: 0,
      log: createLogger({ level: 'silent' }),
      redis: { url: redisUrl(), prefix: officePrefix },
      clock: new ManualClock(inOfficeHours),
    });
    const sink = demo.sandbox.smtp;
    // Tactful's own notices to the demo lead (reply-by alerts, src/commitments) go through the sink too.
    const toClients = () => sink.deliveries.filter((d) => !d.to.includes('lead@demo.tactful'));
    const ack = await waitFor(() => toClients()[0], 'the acknowledgement', 30_000);
    expect(ack!.to).toEqual(['erik@sandbergs-bageri.example']);
    const sv = ack!.raw.toString();
    expect(sv).toMatch(/^In-Reply-To: <demo-04-after-hours-sv@sandbergs-bageri\.example>\r$/m);
    expect(sv).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    await waitFor(async () => demo.sandbox.imap.count('Sent') >= 1, 'the copy in Sent', 10_000);
    const french = await waitFor(
      async () =>
        (await demoApi(demo, '/api/drafts?limit=100')).drafts!.find(
          (d) => d.to === 'camille.roux@atelier-roux.example' && d.status === 'cancelled',
        ),
      'the withdrawn French acknowledgement',
      15_000,
    );
    expect(french.kind).toBe('after-hours');
    expect(toClients()).toHaveLength(1);
  });
});

describe('npm start on a machine without a config', () => {
  // The one case run as its own process: `npm start` in a fresh folder is what the README promises.
  it(
    'falls back to the demo, and without Redis prints the one install line and exits 1',
    { timeout: 60_000 },
    async () => {
      const empty = mkdtempSync(join(tmpdir(), 'tactful-noconfig-'));
      try {
        // No redis-server on PATH and nothing answering at REDIS_URL.
        const env = { PATH: '/nonexistent', HOME: empty, REDIS_URL: 'redis://127.0.0.1:1' };
        const { code, stdout, stderr } = await runTactful(['serve'], { cwd: empty, env });
        expect(stderr).toMatch(/no config file .* starting the demo\n/);
        expect(stderr.trim().split('\n').at(-1)).toBe(REDIS_MISSING);
        expect(stderr).not.toMatch(/at .*\.ts:\d+/);
        expect(stdout).toBe('');
        expect(code).toBe(1);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    },
  );

  it('says clearly when `demo send` finds no running demo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tactful-nodemo-'));
    try {
      const state = join(dir, 'state.json');
      const { code, stderr } = await runCliInProcess([
        'demo',
        'send',
        `${SEED_DIR}/01-angry-en.eml`,
        '--state',
        state,
      ]);
      expect(stderr).toBe('tactful: no demo is running: start one with `npm run demo` first\n');
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
