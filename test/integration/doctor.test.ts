import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import { runCliInProcess } from '../harness/cli.ts';
import { testConfigInput } from '../harness/config.ts';
import { newMailUser, type MailUser } from '../harness/mail-user.ts';
import { runTactful } from '../harness/processes.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';

const prefix = uniquePrefix('doctor');
const dir = mkdtempSync(join(tmpdir(), 'tactful-doctor-'));
const SMTP_USER = 'relay-user';
const SMTP_PASS = 'relay-secret-pass';
// The doctor reads Redis from the config only; an inherited REDIS_URL must not change what it checks.
const env = { ...process.env, REDIS_URL: '' };

let smtp: SmtpSink;
let mail: MailUser;

beforeAll(async () => {
  mail = newMailUser('doctor');
  // A relay that takes one login and refuses the rest, as a real one does.
  smtp = await startSmtpSink({ auth: { user: SMTP_USER, pass: SMTP_PASS } });
});

afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
  await wipePrefix(prefix);
});

const goodSmtp = () => ({
  host: smtp.host,
  port: smtp.port,
  secure: false,
  user: SMTP_USER,
  pass: SMTP_PASS,
});

/** Writes a config for the harness Dovecot and the test relay, with inbox overrides. */
function writeConfig(name: string, inbox: Record<string, unknown> = {}): string {
  const config = testConfigInput({
    prefix,
    user: mail,
    inbox: { holidays: { country: 'SE' }, smtp: goodSmtp(), ...inbox },
  });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

/** `tactful doctor --config FILE FLAGS` in this process: its output (stdout and stderr) and exit code. */
async function doctor(file: string, ...flags: string[]): Promise<{ code: number; out: string }> {
  const r = await runCliInProcess(['doctor', '--config', file, ...flags], { env });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('tactful doctor', () => {
  // The one case run as its own process, as an operator runs it after writing a config.
  it(
    'passes every check against a working Dovecot, SMTP server and Redis, and exits 0',
    { timeout: 60_000 },
    async () => {
      const r = await runTactful(['doctor', '--config', writeConfig('good')], { env });
      const out = r.stdout + r.stderr;
      expect(out).toMatch(/^✓ config .*good\.yaml: valid, 1 inbox$/m);
      expect(out).toMatch(/^✓ redis redis:\/\/127\.0\.0\.1:\d+\/?: PONG, version \d+\./m);
      expect(out).toMatch(/^[✓!] redis durability: /m);
      expect(out).toMatch(/^✓ imap studio \(doctor-.* at 127\.0\.0\.1:\d+\): logged in$/m);
      expect(out).toMatch(/^✓ imap studio mailbox "INBOX": exists$/m);
      expect(out).toMatch(/^✓ imap studio sent folder "Sent": exists$/m);
      expect(out).toMatch(/^✓ smtp studio \(relay-user at 127\.0\.0\.1:\d+\): logged in$/m);
      expect(out).toMatch(/^✓ time zone studio: Europe\/Stockholm, local time /m);
      expect(out).toMatch(
        /^✓ holidays studio: SE is known; closed on public and bank holidays, next \d{4}-\d\d-\d\d /m,
      );
      expect(out).not.toMatch(/^✗/m);
      expect(r.code).toBe(0);
    },
  );

  it('fails the IMAP check on a wrong password with a fix line, exits 1 and never prints a password', async () => {
    const wrong = 'wrong-imap-password-42';
    const { code, out } = await doctor(writeConfig('wrong-pass', { imap: { pass: wrong } }));
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
      imap: { sentMailbox: 'Outbox' },
      holidays: { country: 'XX' },
      smtp: { ...goodSmtp(), pass: 'nope-nope' },
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
    const file = writeConfig('create-sent', { imap: { sentMailbox: 'Sent Copies' } });
    const before = await doctor(file);
    expect(before.out).toMatch(/^✗ imap studio sent folder "Sent Copies": not found$/m);
    expect(before.code).toBe(1);
    const fixed = await doctor(file, '--create-folders');
    expect(fixed.out).toMatch(/^✓ imap studio sent folder "Sent Copies": created$/m);
    expect(fixed.code).toBe(0);
    const after = await doctor(file);
    expect(after.out).toMatch(/^✓ imap studio sent folder "Sent Copies": exists$/m);
    expect(after.code).toBe(0);
  });

  it('reports an invalid config with the key and reason, and runs no other check', async () => {
    const file = join(dir, 'invalid.yaml');
    // No inboxes is valid (admins may add every inbox in the web view); an inbox without a server is not.
    writeFileSync(file, 'agency: { name: X }\ninboxes: [{ id: a, address: a@b.test }]\n');
    const { code, out } = await doctor(file);
    expect(out).toMatch(/^✗ config .*invalid\.yaml: invalid\n {4}inboxes\[0\]\.imap: is required$/m);
    expect(out).not.toMatch(/redis/);
    expect(code).toBe(1);
  });
});
