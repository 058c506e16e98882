import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '../../src/sandbox/ports.ts';
import { requireBinary } from '../../src/sandbox/system-parts.ts';

/**
 * A private Dovecot 2.3 for tests: its own config, random loopback port, temp maildirs and a passwd-file.
 * Never touches /etc/dovecot or the system instance. Must run as root (the master setuids mail processes).
 */
export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  mailRoot: string;
  addUser(user: string, pass: string): void;
  /** The maildir of a user, for tests that break things on purpose (e.g. a UIDVALIDITY change). */
  maildir(user: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and deletes everything. */
  destroy(): Promise<void>;
}

function config(dir: string, port: number, name: string, opts: DovecotOptions): string {
  return `protocols = imap
listen = 127.0.0.1
instance_name = ${name}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login answers at once: the tests refuse logins on purpose and need not wait for it.
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1000
first_valid_gid = 1000
mail_location = maildir:${dir}/mail/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users/%u
}
userdb {
  driver = static
  args = uid=${opts.mailUid ?? 1001} gid=${opts.mailUid ?? 1001} home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Trash {
    special_use = \\Trash
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol imap {
  mail_max_userip_connections = 500
}
${opts.extraConfig ?? ''}`;
}

/**
 * Adds a login to the Dovecot whose folder is `dir`. One passwd-file per user: Dovecot caches a shared
 * passwd-file by mtime (seconds), so two users added in the same second could leave the second unknown for a
 * while; a new file is always read fresh.
 */
export function addPasswdUser(dir: string, user: string, pass: string): void {
  writeFileSync(join(dir, 'users', user), `${user}:${pass}\n`);
}

export interface DovecotOptions {
  port?: number;
  /**
   * The system uid (and gid) the mail processes run as; default 1001. Linux caps inotify instances per uid
   * (fs.inotify.max_user_instances, often 128) and each IMAP IDLE session takes one: a test holding hundreds of
   * sessions gives its private Dovecot a uid of its own, so the shared one keeps instant IDLE notifications.
   */
  mailUid?: number;
  /** Appended to the config: Dovecot merges a repeated section (`service imap-login { … }`) into the first. */
  extraConfig?: string;
}

/**
 * A private Dovecot for hundreds of IDLE sessions at once (test/integration/ingest-spread.test.ts,
 * bench/pollers.ts): logins go through a few long-lived login processes instead of one process each (the
 * default allows 100 at a time), up to 2,000 sessions (one IMAP process each; the anvil and log services count
 * every process as a client), and the IMAP processes run as a uid of their own; past the kernel's inotify
 * limit for that uid Dovecot watches a mailbox in IDLE by looking at it, here every second instead of every 30.
 */
export const MANY_SESSIONS: DovecotOptions = {
  mailUid: 1002,
  extraConfig: `
service imap-login {
  service_count = 0
  process_min_avail = 2
  client_limit = 2000
}
service imap {
  process_limit = 2000
}
default_client_limit = 4000
mailbox_idle_check_interval = 1 secs
`,
};

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const bin = requireBinary('dovecot', { candidates: ['/usr/sbin/dovecot'] });
  const dir = mkdtempSync(join(tmpdir(), 'tactful-dovecot-'));
  // Mail processes run as uid 1001 (or mailUid) and must reach their maildirs under this root-owned temp folder.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail', 'users'])
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });
  chmodSync(join(dir, 'mail'), 0o777);
  const port = opts.port ?? (await freePort());
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, port, `tactful-test-${port}`, opts));

  let child: ChildProcess | undefined;
  const d: Dovecot = {
    host: '127.0.0.1',
    port,
    dir,
    mailRoot: join(dir, 'mail'),
    addUser: (user, pass) => addPasswdUser(dir, user, pass),
    maildir: (user) => join(dir, 'mail', user, 'Maildir'),
    async start() {
      if (child) return;
      const proc = spawn(bin, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
      proc.once('exit', () => {
        if (child === proc) child = undefined;
      });
      child = proc;
      try {
        await waitForPort(port, 15_000);
      } catch (err) {
        let log = '';
        try {
          log = readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000);
        } catch {
          /* no log yet */
        }
        throw new Error(`dovecot did not start: ${String(err)}\n${stderr}\n${log}`, { cause: err });
      }
    },
    async stop() {
      const proc = child;
      if (!proc) return;
      child = undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      });
    },
    async destroy() {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await d.start();
  return d;
}
