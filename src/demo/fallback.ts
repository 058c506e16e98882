import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../config/load.ts';

/**
 * `npm start` on a fresh clone runs the demo: true when no config was asked for (no --config, no
 * TACTFUL_CONFIG) and config/tactful.yaml does not exist. Any explicit config, even a missing one, is an
 * operator's intent and gets the normal "not found" error instead of a surprise demo.
 */
export function wantsDemo(
  configFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): boolean {
  return configFlag === undefined && !env.TACTFUL_CONFIG && !exists(DEFAULT_CONFIG_PATH);
}

export const DEMO_NOTICE = `no config file (${DEFAULT_CONFIG_PATH}, TACTFUL_CONFIG or --config): starting the demo\n`;
