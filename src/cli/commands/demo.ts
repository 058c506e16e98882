import { SafeError } from '../../errors.ts';
import { DEMO } from '../../demo/demo-config.ts';
import { appendToSandbox } from '../../demo/send-mail.ts';
import { REDIS_MISSING } from '../../sandbox/redis.ts';
import { readState, removeState, writeState } from '../../demo/state-file.ts';
import { DEMO_HELP, parseDemoArgs } from '../args/demo.ts';
import type { CliIo } from '../io.ts';
import { untilSignal } from '../signals.ts';

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

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseDemoArgs(argv, io.env);
  if (args.kind === 'help') {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  if (args.kind === 'send') {
    const uid = await appendToSandbox(readState(args.statePath), args.file);
    io.stdout.write(`delivered ${args.file} to the demo inbox${uid ? ` (uid ${uid})` : ''}\n`);
    return 0;
  }
  const stopping = untilSignal();
  // Loaded here so that `demo send` does not pay for BullMQ and fastify.
  const { startDemo } = await import('../../demo/run-demo.ts');
  const demo = await startDemo({ webPort: args.port, env: io.env }).catch((err: unknown) => {
    // The README promises exactly this one line, without the CLI's "tactful:" prefix or a stack trace.
    if (err instanceof SafeError && err.code === 'redis_missing') return null;
    throw err;
  });
  if (!demo) {
    io.stderr.write(`${REDIS_MISSING}\n`);
    return 1;
  }
  const { sandbox } = demo;
  writeState(args.statePath, {
    pid: process.pid,
    url: demo.url,
    imap: { host: sandbox.imap.host, port: sandbox.imap.port, user: DEMO.mailUser, pass: DEMO.mailPass },
    smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port, user: DEMO.mailUser, pass: DEMO.mailPass },
  });
  io.stdout.write(banner(demo.url, sandbox.apiToken, sandbox));
  demo.log.info(
    { seeded: sandbox.seeded, redis: sandbox.redis.kind },
    'demo mail delivered to the sandbox inbox',
  );
  const sig = await stopping;
  demo.log.info({ signal: sig }, 'stopping the demo');
  setTimeout(() => process.exit(0), 15_000).unref();
  removeState(args.statePath);
  await demo.stop();
  return 0;
}
