import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SafeError } from '../../errors.ts';

/**
 * node:util `parseArgs` for a command's flags, with its complaint (unknown option, missing value) turned into
 * a SafeError `usage` that ends with the command's help text: the person sees what was wrong and what is right.
 */
export function parseOptions<T extends ParseArgsConfig>(
  config: T,
  help: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new SafeError('usage', `${(err as Error).message}\n${help}`);
  }
}
