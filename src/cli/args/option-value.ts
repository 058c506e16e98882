import { SafeError } from '../../errors.ts';

/**
 * The value of `--name VALUE` or `--name=VALUE` anywhere in `argv`; undefined when the option is absent. A
 * missing value (or another option in its place) is a usage error saying what was expected.
 */
export function optionValue(
  argv: string[],
  name: string,
  opts: { expected?: string; usage?: string } = {},
): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  if (!value || value.startsWith('--')) {
    const usage = opts.usage ? `\n${opts.usage}` : '';
    throw new SafeError('usage', `${name} needs ${opts.expected ?? 'a value'}${usage}`);
  }
  return value;
}
