import { optionValue } from './option-value.ts';

/** `--config FILE` from `tactful serve`'s arguments, if given (the rest is for the demo fallback to judge). */
export function configFlag(argv: string[]): string | undefined {
  return optionValue(argv, '--config', { expected: 'a file name' });
}
