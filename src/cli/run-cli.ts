import { SafeError } from '../errors.ts';
import type { CliIo } from './io.ts';

type Command = { run(argv: string[], io: CliIo): Promise<number> };

/**
 * `tactful <command>`: what each command does, for the usage text. Every command lives in its own module,
 * src/cli/commands/<name>.ts, loaded only when it runs, so `tactful triage` does not pay for fastify or BullMQ.
 */
const COMMANDS: Record<string, string> = {
  serve: 'run the service (roles from TACTFUL_ROLES, default all)',
  'hash-password': 'print a passwordHash for config.users (password from stdin or prompt)',
  doctor: 'check the config, IMAP/SMTP logins, Redis and calendars; one line per check',
  triage: 'triage .eml files, directories or - (stdin): one JSON line per message',
  demo: 'run the full pipeline against a built-in sandbox mailbox (demo send FILE.eml adds mail)',
  invoices: 'import invoices from CSV (payment reminders) or list them: invoices import FILE.csv --inbox ID',
  'migrate-keys': "move an existing installation's Redis keys to the hash-tagged layout (once, all stopped)",
};

// Only names found in COMMANDS get here (pickCommand), so the path is always one of the modules above.
const load = (name: string): Promise<Command> => import(`./commands/${name}.ts`);

export function usage(): string {
  return `usage: tactful <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
    .map(([name, describe]) => `  ${name.padEnd(16)} ${describe}`)
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
    return await (await load(line.name)).run(line.args, io);
  } catch (err) {
    const { exitCode, message } = failure(err);
    io.stderr.write(message);
    return exitCode;
  }
}
