import { SafeError } from '../errors.ts';

/**
 * `tactful <command>`: every command lives in its own module under src/cli/commands and is loaded lazily,
 * so `tactful triage` does not pay for fastify or BullMQ.
 */
const COMMANDS: Record<
  string,
  { describe: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }
> = {
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

function usage(): string {
  return `usage: tactful <command> [options]\n\ncommands:\n${Object.entries(COMMANDS)
    .map(([n, c]) => `  ${n.padEnd(16)} ${c.describe}`)
    .join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`tactful: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof SafeError) process.stderr.write(`tactful: ${err.message}\n`);
    else process.stderr.write(`tactful: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
