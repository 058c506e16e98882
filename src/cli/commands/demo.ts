import { parseArgs } from 'node:util';
import { SafeError } from '../../errors.ts';
import { DEMO } from '../../demo/demo-config.ts';
import { appendToSandbox } from '../../demo/send-mail.ts';
import { REDIS_MISSING } from '../../sandbox/redis.ts';
import { defaultStatePath, readState, removeState, writeState } from '../../demo/state-file.ts';

const HELP = `usage: tactful demo [--port N] [--state FILE]
       tactful demo send FILE.eml [--state FILE]

Runs the whole pipeline (IMAP poller, workers, drafts, SMTP, web view) against a built-in sandbox mailbox
seeded with a dozen client emails. Nothing leaves this machine. --port 0 picks a free port (default 3000,
or TACTFUL_DEMO_PORT). --state (or TACTFUL_DEMO_STATE) is where \`demo send\` finds the running demo.
\`demo send\` drops another message into the running demo's inbox.
`;

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        state: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new SafeError('usage', `${(err as Error).message}\n${HELP}`);
  }
}

function banner(url: string, token: string, s: { imap: { port: number }; smtp: { port: number } }): string {
  return `
  Tactful demo is running — nothing leaves this machine.

  Web view   ${url}/login
  Login      ${DEMO.login} / ${DEMO.password}
  API token  ${token}
             curl -H 'Authorization: Bearer ${token}' ${url}/api/drafts

  More mail  npx tactful demo send FILE.eml
  Mail client (plain, no TLS), user ${DEMO.mailUser}, password ${DEMO.mailPass}:
             IMAP 127.0.0.1:${s.imap.port}   SMTP 127.0.0.1:${s.smtp.port}

  Ctrl-C stops the demo and forgets its mail.
`;
}

async function send(file: string | undefined, statePath: string): Promise<number> {
  if (!file) throw new SafeError('usage', `demo send needs a file\n${HELP}`);
  const uid = await appendToSandbox(readState(statePath), file);
  process.stdout.write(`delivered ${file} to the demo inbox${uid ? ` (uid ${uid})` : ''}\n`);
  return 0;
}

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (sig: string) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      process.once('SIGINT', () => process.exit(1));
      process.once('SIGTERM', () => process.exit(1));
      resolve(sig);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const statePath = values.state ?? process.env.TACTFUL_DEMO_STATE ?? defaultStatePath();
  if (positionals[0] === 'send') return send(positionals[1], statePath);
  if (positionals.length) throw new SafeError('usage', `unknown demo command "${positionals[0]}"\n${HELP}`);
  // TACTFUL_DEMO_PORT reaches the demo through `npm start`, which passes no flags on.
  const port = Number(values.port ?? process.env.TACTFUL_DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SafeError('usage', '--port wants 0..65535');

  const stopping = stopSignal();
  // Loaded here so that `demo send` does not pay for BullMQ and fastify.
  const { startDemo } = await import('../../demo/run-demo.ts');
  const demo = await startDemo({ webPort: port }).catch((err: unknown) => {
    // The README promises exactly this one line, without the CLI's "tactful:" prefix or a stack trace.
    if (err instanceof SafeError && err.code === 'redis_missing') return null;
    throw err;
  });
  if (!demo) {
    process.stderr.write(`${REDIS_MISSING}\n`);
    return 1;
  }
  const { sandbox } = demo;
  writeState(statePath, {
    pid: process.pid,
    url: demo.url,
    imap: { host: sandbox.imap.host, port: sandbox.imap.port, user: DEMO.mailUser, pass: DEMO.mailPass },
    smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port, user: DEMO.mailUser, pass: DEMO.mailPass },
  });
  process.stdout.write(banner(demo.url, sandbox.apiToken, sandbox));
  demo.log.info(
    { seeded: sandbox.seeded, redis: sandbox.redis.kind },
    'demo mail delivered to the sandbox inbox',
  );
  const sig = await stopping;
  demo.log.info({ signal: sig }, 'stopping the demo');
  setTimeout(() => process.exit(0), 15_000).unref();
  removeState(statePath);
  await demo.stop();
  return 0;
}
