import { parseOptions } from './parse-options.ts';

export const DOCTOR_HELP = `usage: tactful doctor [--config FILE] [--strict] [--create-folders]

Checks the config, every IMAP and SMTP login, Redis (version, persistence) and each inbox's calendar.
One line per check: ✓ passed, ! warning, ✗ failed (with a fix line). Exit code 0 when nothing failed;
warnings count as failures only with --strict. --create-folders creates a missing Sent folder (the only
change the doctor ever makes).
`;

export type DoctorArgs =
  { help: true } | { help: false; config?: string; strict: boolean; createFolders: boolean };

/** `tactful doctor` arguments; anything unknown is a SafeError `usage` with the help text. */
export function parseDoctorArgs(argv: string[]): DoctorArgs {
  const { values } = parseOptions(
    {
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        strict: { type: 'boolean', default: false },
        'create-folders': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    },
    DOCTOR_HELP,
  );
  if (values.help) return { help: true };
  return {
    help: false,
    config: values.config,
    strict: values.strict,
    createFolders: values['create-folders'],
  };
}
