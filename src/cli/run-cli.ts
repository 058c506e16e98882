import { SafeError } from '../errors.ts';
import type { CliIo } from './io.ts';

type Command = { run(argv: string[], io: CliIo): Promise<number> };

/**
 * `tactful <command>`: every command lives in its own module under src/cli/commands and is loaded lazily,
 * so `tactful triage` does not pay for fastify or BullMQ.
 */
const COMMANDS: Record<string, { describe: string; load: () => Promise<Command> }> = {
  serve: {
    describe: 'run the service (roles from TACTFUL_ROLES, default all)',
    load: () => import('./commands/serve.ts'),
  },
  'hash-password': {
    describe: 'print a passwordHash for config.users (password from stdin or prompt)',
    load: () => import('./commands/hash-password.ts'),
  },
  doctor: {
    describe: 'check the config, IMAP/SMTP logins, Redis and calendars; one line per check',
    load: () => import('./commands/doctor.ts'),
  },
  triage: {
    describe: 'triage .eml files, directories or - (stdin): one JSON line per message',
    load: () => import('./commands/triage.ts'),
  },
  demo: {
    describe: 'run the full pipeline against a built-in sandbox mailbox (demo send FILE.eml adds mail)',
    load: () => import('./commands/demo.ts'),
  },
  invoices: {
    describe:
      'import invoices from CSV (payment reminders) or list them: invoices import FILE.csv --inbox ID',
    load: () => import('./commands/invoices.ts'),
  },
};

export function usage(): string {
  return `usage: tactful <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
    .map(([n, c]) => `  ${n.padEnd(16)} ${c.describe}`)
    .join('\n')}\n`;
}

export type CommandLine =
  | { kind: 'help'; exitCode: 0 | 2 }
  | { kind: 'unknown'; name: string }
  | { kind: 'command'; name: string; args: string[] };

/** Which command the arguments name: `help` (asked for: exit 0; nothing given: exit 2) or an unknown one. */
export function pickCommand(argv: string[]): CommandLine {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help')
    return { kind: 'help', exitCode: name ? 0 : 2 };
  if (!Object.hasOwn(COMMANDS, name)) return { kind: 'unknown', name };
  return { kind: 'command', name, args };
}

/**
 * What a command that threw prints, and its exit code: a SafeError's message is meant for the user; anything
 * else is a bug, shown with its stack so it can be reported.
 */
export function failure(err: unknown): { exitCode: 1; message: string } {
  if (err instanceof SafeError) return { exitCode: 1, message: `tactful: ${err.message}\n` };
  return { exitCode: 1, message: `tactful: unexpected error: ${(err as Error)?.stack ?? String(err)}\n` };
}

/** Runs one command line; resolves with the exit code (it never throws). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const line = pickCommand(argv);
  if (line.kind === 'help') {
    io.stdout.write(usage());
    return line.exitCode;
  }
  if (line.kind === 'unknown') {
    io.stderr.write(`tactful: unknown command "${line.name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (await COMMANDS[line.name]!.load()).run(line.args, io);
  } catch (err) {
    const { exitCode, message } = failure(err);
    io.stderr.write(message);
    return exitCode;
  }
}
