import { parseArgs } from 'node:util';
import { systemClock } from '../../clock.ts';
import { resolveConfigPath } from '../../config/load.ts';
import { SafeError } from '../../errors.ts';
import { exitCode, formatResult, type CheckResult } from '../../doctor/check.ts';
import { checkConfig, runServerChecks } from '../../doctor/run-checks.ts';

const HELP = `usage: tactful doctor [--config FILE] [--strict] [--create-folders]

Checks the config, every IMAP and SMTP login, Redis (version, persistence) and each inbox's calendar.
One line per check: ✓ passed, ! warning, ✗ failed (with a fix line). Exit code 0 when nothing failed;
warnings count as failures only with --strict. --create-folders creates a missing Sent folder (the only
change the doctor ever makes).
`;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        strict: { type: 'boolean', default: false },
        'create-folders': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new SafeError('usage', `${(err as Error).message}\n${HELP}`);
  }
}

/** `tactful doctor`: the first thing to run after writing a config, and after any "it stopped working". */
export async function run(argv: string[]): Promise<number> {
  const values = parseOptions(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // `tactful doctor | head` closes stdout early; that is the reader's choice, not a crash.
  process.stdout.on('error', () => undefined);
  const results: CheckResult[] = [];
  const print = (r: CheckResult) => {
    results.push(r);
    process.stdout.write(`${formatResult(r)}\n`);
  };
  const { result, config } = checkConfig(resolveConfigPath(values.config), process.env);
  print(result);
  if (config)
    (await runServerChecks(config, systemClock, { createFolders: values['create-folders'] })).forEach(print);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  process.stdout.write(
    `\n${results.length - failed - warned} passed, ${warned} warning${warned === 1 ? '' : 's'}, ${failed} failed\n`,
  );
  return exitCode(results, values.strict);
}
