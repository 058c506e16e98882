import { describe, expect, it } from 'vitest';
import { SafeError } from '../../src/errors.ts';
import { failure, pickCommand, usage } from '../../src/cli/run-cli.ts';
import { optionValue } from '../../src/cli/args/option-value.ts';
import { configFlag } from '../../src/cli/args/serve.ts';
import { parseDoctorArgs } from '../../src/cli/args/doctor.ts';
import { parseDemoArgs } from '../../src/cli/args/demo.ts';
import { parseInvoicesArgs } from '../../src/cli/args/invoices.ts';
import { parseHashPasswordArgs } from '../../src/cli/args/hash-password.ts';

/** The SafeError a parser throws, or a failure when it throws nothing. */
function refusal(parse: () => unknown): SafeError {
  try {
    parse();
  } catch (err) {
    if (err instanceof SafeError) return err;
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('tactful <command>', () => {
  it('names a known command with the rest of the arguments', () => {
    expect(pickCommand(['doctor', '--strict'])).toEqual({
      kind: 'command',
      name: 'doctor',
      args: ['--strict'],
    });
  });

  it('prints the usage: exit 0 when asked for, 2 when no command was given', () => {
    for (const asked of [['--help'], ['-h'], ['help']])
      expect(pickCommand(asked)).toEqual({ kind: 'help', exitCode: 0 });
    expect(pickCommand([])).toEqual({ kind: 'help', exitCode: 2 });
    expect(usage()).toMatch(/^usage: tactful <command>/);
    for (const name of ['serve', 'hash-password', 'doctor', 'triage', 'demo', 'invoices'])
      expect(usage()).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('refuses an unknown command, also one named like an object property', () => {
    expect(pickCommand(['mail'])).toEqual({ kind: 'unknown', name: 'mail' });
    expect(pickCommand(['constructor'])).toEqual({ kind: 'unknown', name: 'constructor' });
  });

  it('exits 1 on a failure: a SafeError says its message, anything else its stack', () => {
    expect(failure(new SafeError('x', 'no demo is running'))).toEqual({
      exitCode: 1,
      message: 'tactful: no demo is running\n',
    });
    const bug = failure(new TypeError('undefined is not a function'));
    expect(bug.exitCode).toBe(1);
    expect(bug.message).toMatch(
      /^tactful: unexpected error: TypeError: undefined is not a function\n {4}at /,
    );
  });
});

describe('option values', () => {
  it('reads --name VALUE and --name=VALUE anywhere, undefined when absent', () => {
    expect(optionValue(['a.csv', '--inbox', 'studio'], '--inbox')).toBe('studio');
    expect(optionValue(['--inbox=studio', 'a.csv'], '--inbox')).toBe('studio');
    expect(optionValue(['a.csv'], '--inbox')).toBeUndefined();
  });

  it('refuses a missing value, an empty one and another option in its place, with the usage', () => {
    for (const argv of [['--inbox'], ['--inbox='], ['--inbox', '--config', 'x']]) {
      const err = refusal(() => optionValue(argv, '--inbox', { usage: 'usage: x' }));
      expect(err.code).toBe('usage');
      expect(err.message).toBe('--inbox needs a value\nusage: x');
    }
  });

  it('serve: --config FILE or --config=FILE', () => {
    expect(configFlag(['--config', 'a.yaml'])).toBe('a.yaml');
    expect(configFlag(['--config=b.yaml'])).toBe('b.yaml');
    expect(configFlag([])).toBeUndefined();
    expect(refusal(() => configFlag(['--config'])).message).toBe('--config needs a file name');
  });
});

describe('tactful doctor arguments', () => {
  it('reads --config (or -c), --strict and --create-folders, all off by default', () => {
    expect(parseDoctorArgs([])).toEqual({
      help: false,
      config: undefined,
      strict: false,
      createFolders: false,
    });
    expect(parseDoctorArgs(['-c', 'x.yaml', '--strict', '--create-folders'])).toEqual({
      help: false,
      config: 'x.yaml',
      strict: true,
      createFolders: true,
    });
    expect(parseDoctorArgs(['--config=y.yaml'])).toMatchObject({ config: 'y.yaml' });
  });

  it('answers --help, and refuses unknown options and stray words with the help text', () => {
    expect(parseDoctorArgs(['--help'])).toEqual({ help: true });
    for (const argv of [['--fix'], ['now'], ['--config']]) {
      const err = refusal(() => parseDoctorArgs(argv));
      expect(err.code).toBe('usage');
      expect(err.message).toMatch(/usage: tactful doctor/);
    }
  });
});

describe('tactful demo arguments', () => {
  const env = { TACTFUL_DEMO_STATE: '/tmp/s.json' };

  it('runs on port 3000 unless --port or TACTFUL_DEMO_PORT says otherwise (the flag wins)', () => {
    expect(parseDemoArgs([], env)).toEqual({ kind: 'run', port: 3000, statePath: '/tmp/s.json' });
    expect(parseDemoArgs([], { ...env, TACTFUL_DEMO_PORT: '0' })).toMatchObject({ port: 0 });
    expect(parseDemoArgs(['--port', '4100'], { ...env, TACTFUL_DEMO_PORT: '0' })).toMatchObject({
      port: 4100,
    });
    expect(parseDemoArgs(['-p', '4101'], env)).toMatchObject({ port: 4101 });
  });

  it('finds the state file from --state, else TACTFUL_DEMO_STATE, else the temp folder', () => {
    expect(parseDemoArgs(['--state', 'here.json'], env)).toMatchObject({ statePath: 'here.json' });
    expect(parseDemoArgs([], {})).toMatchObject({ statePath: expect.stringMatching(/tactful-demo\.json$/) });
  });

  it('`demo send FILE` names the file to drop in', () => {
    expect(parseDemoArgs(['send', 'a.eml'], env)).toEqual({
      kind: 'send',
      file: 'a.eml',
      statePath: '/tmp/s.json',
    });
  });

  it('refuses a bad port, a send without a file, unknown words and options', () => {
    expect(refusal(() => parseDemoArgs(['--port', '70000'], env)).message).toBe('--port wants 0..65535');
    expect(refusal(() => parseDemoArgs([], { TACTFUL_DEMO_PORT: 'x' })).message).toBe(
      '--port wants 0..65535',
    );
    expect(refusal(() => parseDemoArgs(['send'], env)).message).toMatch(/^demo send needs a file\nusage:/);
    expect(refusal(() => parseDemoArgs(['stop'], env)).message).toMatch(
      /^unknown demo command "stop"\nusage:/,
    );
    expect(refusal(() => parseDemoArgs(['--verbose'], env)).code).toBe('usage');
  });

  it('answers --help before anything else', () => {
    expect(parseDemoArgs(['--help', '--port', 'x'], env)).toEqual({ kind: 'help' });
  });
});

describe('tactful invoices arguments', () => {
  it('import FILE --inbox ID [--config FILE]', () => {
    expect(parseInvoicesArgs(['import', 'a.csv', '--inbox', 'studio'])).toEqual({
      kind: 'import',
      file: 'a.csv',
      inbox: 'studio',
      config: undefined,
    });
    expect(parseInvoicesArgs(['import', 'a.csv', '--config=c.yaml', '--inbox=studio'])).toMatchObject({
      config: 'c.yaml',
    });
  });

  it('list --inbox ID [--status S]', () => {
    expect(parseInvoicesArgs(['list', '--inbox', 'studio', '--status', 'paused'])).toEqual({
      kind: 'list',
      inbox: 'studio',
      status: 'paused',
      config: undefined,
    });
  });

  it('prints the usage for --help (exit 0) and for a missing or unknown subcommand (exit 2)', () => {
    expect(parseInvoicesArgs(['--help'])).toEqual({ kind: 'usage', exitCode: 0 });
    expect(parseInvoicesArgs([])).toEqual({ kind: 'usage', exitCode: 2 });
    expect(parseInvoicesArgs(['export'])).toEqual({ kind: 'usage', exitCode: 2 });
  });

  it('refuses an import without a file or an inbox, a list without an inbox, and an unknown status', () => {
    for (const argv of [
      ['import', '--inbox', 'studio'],
      ['import', 'a.csv'],
      ['list'],
      ['import', 'a.csv', '--inbox'],
    ])
      expect(refusal(() => parseInvoicesArgs(argv)).message).toMatch(/usage:\n {2}tactful invoices import/);
    expect(refusal(() => parseInvoicesArgs(['list', '--inbox', 's', '--status', 'late'])).message).toBe(
      '--status must be one of open, paid, disputed, paused, cancelled',
    );
  });
});

describe('tactful hash-password arguments', () => {
  it('takes none: the password never goes on the command line', () => {
    expect(parseHashPasswordArgs([])).toEqual({ help: false });
    expect(parseHashPasswordArgs(['-h'])).toEqual({ help: true });
    expect(refusal(() => parseHashPasswordArgs(['s3cret'])).message).toMatch(/takes no arguments/);
  });
});
