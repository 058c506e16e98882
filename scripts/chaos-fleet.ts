import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../bin/tactful.js');

/** One `tactful serve` process of the run, by role, restarted by the fleet whenever it ends. */
interface Member {
  name: string;
  roles: string;
  child: ChildProcess | null;
  starts: number;
  /** Set just before our own SIGKILL, so its exit is not taken for a crash. */
  killed: boolean;
}

/** A process that ended without being asked to: its name, how it ended, the end of its log. */
export interface Crash {
  name: string;
  how: string;
  logTail: string;
}

/**
 * The run's Tactful processes: `tactful serve` with `TACTFUL_ROLES` (poller, worker, web), each logging to a
 * file in the run's folder. `killRandom()` SIGKILLs one and starts it again, as a crashed container would be.
 */
export class Fleet {
  private readonly members: Member[] = [];
  private stopping = false;
  kills = 0;
  readonly crashes: Crash[] = [];

  constructor(
    private readonly configFile: string,
    private readonly logDir: string,
    layout: Array<{ roles: string; count: number }>,
  ) {
    for (const { roles, count } of layout)
      for (let i = 1; i <= count; i++)
        this.members.push({ name: `${roles}-${i}`, roles, child: null, starts: 0, killed: false });
  }

  start(): void {
    for (const m of this.members) this.launch(m);
  }

  private launch(m: Member): void {
    if (this.stopping) return;
    m.starts++;
    const logFile = join(this.logDir, `${m.name}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [BIN, 'serve', '--config', this.configFile], {
      env: { ...process.env, REDIS_URL: '', TACTFUL_ROLES: m.roles },
      stdio: ['ignore', log, log],
    });
    m.child = child;
    // Whatever ends it (our SIGKILL, a crash), it comes back, as under a supervisor.
    child.once('exit', (code, signal) => {
      closeSync(log);
      if (m.child === child) m.child = null;
      if (!m.killed && !this.stopping) {
        const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-3).join('\n');
        this.crashes.push({ name: m.name, how: signal ?? `exit ${code}`, logTail: tail.slice(-600) });
      }
      m.killed = false;
      if (!this.stopping) setTimeout(() => this.launch(m), 500);
    });
  }

  /** SIGKILLs a random running process (it is started again); returns its name. */
  killRandom(random = Math.random): string | null {
    const running = this.members.filter((m) => m.child);
    const m = running[Math.floor(random() * running.length)];
    if (!m?.child) return null;
    m.killed = true;
    m.child.kill('SIGKILL');
    this.kills++;
    return m.name;
  }

  /** Starts beyond the first per process: crashes plus kills. */
  restarts(): number {
    return this.members.reduce((n, m) => n + Math.max(0, m.starts - 1), 0);
  }

  /** Graceful stop of every process (SIGTERM: workers drain, pollers release their leases). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.members.map(
        (m) =>
          new Promise<void>((done) => {
            const c = m.child;
            if (!c) return done();
            const t = setTimeout(() => c.kill('SIGKILL'), 20_000);
            c.once('exit', () => {
              clearTimeout(t);
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
