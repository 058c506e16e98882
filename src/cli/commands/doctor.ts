import { systemClock } from '../../clock.ts';
import { resolveConfigPath } from '../../config/load.ts';
import { exitCode, formatResult, type CheckResult } from '../../doctor/check.ts';
import { checkConfig, runServerChecks } from '../../doctor/run-checks.ts';
import { runRegistryChecks } from '../../doctor/registry-checks.ts';
import { createContext } from '../../create-context.ts';
import { createLogger } from '../../log.ts';
import { DOCTOR_HELP, parseDoctorArgs } from '../args/doctor.ts';
import type { CliIo } from '../io.ts';

/** `tactful doctor`: the first thing to run after writing a config, and after any "it stopped working". */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseDoctorArgs(argv);
  if (args.help) {
    io.stdout.write(DOCTOR_HELP);
    return 0;
  }
  // `tactful doctor | head` closes stdout early; that is the reader's choice, not a crash.
  io.stdout.on('error', () => undefined);
  const results: CheckResult[] = [];
  const print = (r: CheckResult) => {
    results.push(r);
    io.stdout.write(`${formatResult(r)}\n`);
  };
  const { result, config } = checkConfig(resolveConfigPath(args.config, io.env), io.env);
  print(result);
  if (config) {
    const server = await runServerChecks(config, systemClock, { createFolders: args.createFolders });
    server.forEach(print);
    // Inboxes added in the web view live in Redis: checked when Redis answered.
    if (
      server.some((r) => r.what.startsWith('redis') && r.status === 'pass') &&
      !server.some((r) => r.what.startsWith('redis') && r.status === 'fail')
    ) {
      const ctx = createContext(config, { env: io.env, log: createLogger({ level: 'silent' }) });
      try {
        (await runRegistryChecks(ctx)).forEach(print);
      } finally {
        await ctx.close();
      }
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  io.stdout.write(
    `\n${results.length - failed - warned} passed, ${warned} warning${warned === 1 ? '' : 's'}, ${failed} failed\n`,
  );
  return exitCode(results, args.strict);
}
