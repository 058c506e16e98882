import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { stringify } from 'yaml';
import { newMailUser, testConfig, uniquePrefix, wipePrefix, type MailUser } from '../harness/context.ts';

const prefix = uniquePrefix('doctor');
const dir = mkdtempSync(join(tmpdir(), 'tactful-doctor-'));
const SMTP_USER = 'relay-user';
const SMTP_PASS = 'relay-secret-pass';

let smtp: SMTPServer;
let smtpPort = 0;
let mail: MailUser;

beforeAll(async () => {
  mail = newMailUser('doctor');
  smtp = new SMTPServer({
    // Plain AUTH without TLS: the test server has no certificate nodemailer would trust.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS)
        return cb(null, { user: auth.username });
      return cb(new Error('Invalid username or password'));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  await wipePrefix(prefix);
});

/** Writes a config for the harness Dovecot and the test SMTP server, with inbox overrides. */
function writeConfig(name: string, inbox: Record<string, unknown> = {}): string {
  const config = testConfig({
    prefix,
    user: mail,
    inbox: {
      holidays: { country: 'SE' },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: SMTP_USER, pass: SMTP_PASS },
      ...inbox,
    },
  });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

function doctor(file: string, ...flags: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/tactful.js', 'doctor', '--config', file, ...flags],
      { timeout: 30_000, env: { ...process.env, REDIS_URL: '' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('tactful doctor', () => {
  it('passes every check against a working Dovecot, SMTP server and Redis, and exits 0', async () => {
    const { code, out } = await doctor(writeConfig('good'));
    expect(out).toMatch(/^✓ config .*good\.yaml: valid, 1 inbox$/m);
    expect(out).toMatch(/^✓ redis redis:\/\/127\.0\.0\.1:\d+\/?: PONG, version \d+\./m);
    expect(out).toMatch(/^[✓!] redis durability: /m);
    expect(out).toMatch(/^✓ imap studio \(doctor-.* at 127\.0\.0\.1:\d+\): logged in$/m);
    expect(out).toMatch(/^✓ imap studio mailbox "INBOX": exists$/m);
    expect(out).toMatch(/^✓ imap studio sent folder "Sent": exists$/m);
    expect(out).toMatch(/^✓ smtp studio \(relay-user at 127\.0\.0\.1:\d+\): logged in$/m);
    expect(out).toMatch(/^✓ time zone studio: Europe\/Stockholm, local time /m);
    expect(out).toMatch(/^✓ holidays studio: SE is known$/m);
    expect(out).not.toMatch(/^✗/m);
    expect(code).toBe(0);
  });

  it('fails the IMAP check on a wrong password with a fix line, exits 1 and never prints a password', async () => {
    const wrong = 'wrong-imap-password-42';
    const file = writeConfig('wrong-pass', { imap: { ...imapOf(), pass: wrong } });
    const { code, out } = await doctor(file);
    expect(out).toMatch(/^✗ imap studio \(.*\): login refused$/m);
    expect(out).toMatch(
      /^ {4}fix: the server refused the login: check inboxes\[0\]\.imap\.user and inboxes\[0\]\.imap\.pass/m,
    );
    expect(out).toMatch(/^✓ smtp studio/m);
    expect(out).not.toContain(wrong);
    expect(out).not.toContain(SMTP_PASS);
    expect(out).not.toContain(mail.pass);
    expect(code).toBe(1);
  });

  it('names a missing Sent folder, an unknown holiday country and a refused SMTP login, each with its fix', async () => {
    const file = writeConfig('several', {
      imap: { ...imapOf(), sentMailbox: 'Outbox' },
      holidays: { country: 'XX' },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: SMTP_USER, pass: 'nope-nope' },
    });
    const { code, out } = await doctor(file);
    expect(out).toMatch(
      /^✗ imap studio sent folder "Outbox": not found\n {4}fix: set inboxes\[0\]\.imap\.sentMailbox: "Sent"/m,
    );
    expect(out).toMatch(/^✗ holidays studio: "XX" is not a country/m);
    expect(out).toMatch(
      /^✗ smtp studio .*\n {4}fix: the server refused the login: check inboxes\[0\]\.smtp\.user/m,
    );
    expect(out).not.toContain('nope-nope');
    expect(code).toBe(1);
  });

  it('creates a missing Sent folder only when asked (--create-folders), and then finds it', async () => {
    const file = writeConfig('create-sent', { imap: { ...imapOf(), sentMailbox: 'Sent Copies' } });
    const before = await doctor(file);
    expect(before.out).toMatch(/^✗ imap studio sent folder "Sent Copies": not found$/m);
    const fixed = await doctor(file, '--create-folders');
    expect(fixed.out).toMatch(/^✓ imap studio sent folder "Sent Copies": created$/m);
    expect(fixed.code).toBe(0);
    const after = await doctor(file);
    expect(after.out).toMatch(/^✓ imap studio sent folder "Sent Copies": exists$/m);
    expect(after.code).toBe(0);
  });

  it('reports an invalid config with the key and reason, and runs no other check', async () => {
    const file = join(dir, 'invalid.yaml');
    writeFileSync(file, 'agency: { name: X }\ninboxes: []\n');
    const { code, out } = await doctor(file);
    expect(out).toMatch(/^✗ config .*invalid\.yaml: invalid\n {4}inboxes: give at least one inbox$/m);
    expect(out).not.toMatch(/redis/);
    expect(code).toBe(1);
  });
});

function imapOf() {
  return testConfig({ prefix, user: mail }).inboxes[0]!.imap;
}
