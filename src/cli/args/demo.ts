import { parseOptions } from './parse-options.ts';
import { SafeError } from '../../errors.ts';
import { defaultStatePath } from '../../demo/state-file.ts';

export const DEMO_HELP = `usage: tactful demo [--port N] [--state FILE]
       tactful demo send FILE.eml [--state FILE]

Runs the whole pipeline (IMAP poller, workers, drafts, SMTP, web view) against a built-in sandbox mailbox
seeded with a dozen client emails. Nothing leaves this machine. --port 0 picks a free port (default 3000,
or TACTFUL_DEMO_PORT). --state (or TACTFUL_DEMO_STATE) is where \`demo send\` finds the running demo.
\`demo send\` drops another message into the running demo's inbox.
`;

export type DemoArgs =
  | { kind: 'help' }
  | { kind: 'send'; file: string; statePath: string }
  | { kind: 'run'; port: number; statePath: string };

/**
 * `tactful demo` arguments. TACTFUL_DEMO_PORT and TACTFUL_DEMO_STATE count as flags: `npm start` passes no
 * flags on, so the environment is how a user moves the demo.
 */
export function parseDemoArgs(argv: string[], env: NodeJS.ProcessEnv): DemoArgs {
  const { values, positionals } = parseOptions(
    {
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        state: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    DEMO_HELP,
  );
  if (values.help) return { kind: 'help' };
  const statePath = values.state ?? env.TACTFUL_DEMO_STATE ?? defaultStatePath();
  if (positionals[0] === 'send') {
    if (!positionals[1]) throw usage('demo send needs a file');
    return { kind: 'send', file: positionals[1], statePath };
  }
  if (positionals.length) throw usage(`unknown demo command "${positionals[0]}"`);
  const port = Number(values.port ?? env.TACTFUL_DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SafeError('usage', '--port wants 0..65535');
  return { kind: 'run', port, statePath };
}

function usage(problem: string): SafeError {
  return new SafeError('usage', `${problem}\n${DEMO_HELP}`);
}
