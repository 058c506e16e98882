import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Dovecot } from './dovecot.ts';

/**
 * What a test or benchmark reads from outside Tactful: Dovecot's sessions, a process's sockets, memory and CPU
 * (Linux /proc). No vitest import: bench/pollers.ts uses it too.
 */

/** IMAP sessions per user, as Dovecot itself counts them (`doveadm who -1`: one line per session). */
export async function dovecotSessions(dovecot: Dovecot): Promise<Map<string, number>> {
  const { stdout } = await promisify(execFile)('doveadm', [
    '-c',
    join(dovecot.dir, 'dovecot.conf'),
    'who',
    '-1',
  ]);
  const sessions = new Map<string, number>();
  for (const line of stdout.split('\n').slice(1)) {
    const [user, proto] = line.trim().split(/\s+/);
    if (user && proto === 'imap') sessions.set(user, (sessions.get(user) ?? 0) + 1);
  }
  return sessions;
}

/** Established TCP connections of process `pid` to `port` on loopback (its sockets matched in /proc/net/tcp). */
export async function establishedTo(pid: number, port: number): Promise<number> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const row of rows) {
      const f = row.trim().split(/\s+/);
      // rem_address is f[2] (hex ip:port), st is f[3] (01 = ESTABLISHED), inode is f[9].
      if (f[2]?.endsWith(`:${hexPort}`) && f[3] === '01' && f[9]) inodes.add(f[9]);
    }
  }
  let n = 0;
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) n++;
  }
  return n;
}

/** Resident memory of process `pid` in MB (VmRSS). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** CPU time (user + system) process `pid` has used so far, in ms. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14 and 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}
/** USER_HZ: the kernel reports CPU times in hundredths of a second on every Linux Tactful runs on. */
const CLOCK_TICKS = 100;
