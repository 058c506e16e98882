import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';
import { SafeError } from '../errors.ts';

export const DEFAULT_CONFIG_PATH = 'config/tactful.yaml';

/** Config path: an explicit `--config`, else TACTFUL_CONFIG, else the default. */
export function resolveConfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? env.TACTFUL_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/** Replaces `${NAME}` in every string with the environment variable NAME; a missing one is an error. */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: string[] = [],
  missing: string[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) {
        missing.push(`${formatPath(path)}: environment variable ${name} is not set`);
        return '';
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, String(i)], missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k], missing)]),
    );
  }
  return value;
}

/** `inboxes[0].officeHours.mon[1]` from ['inboxes', 0, 'officeHours', 'mon', 1]. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number' || /^\d+$/.test(String(p))) out += `[${String(p)}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys')
    return `${where}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
    return `${where}: is required`;
  return `${where}: ${issue.message}`;
}

/** Validates an already-parsed object (after env substitution). Throws a SafeError listing every problem. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): Config {
  const missing: string[] = [];
  const substituted = substituteEnv(raw, env, [], missing) as Record<string, unknown> | null;
  if (substituted && typeof substituted === 'object' && env.REDIS_URL) {
    // REDIS_URL says where Redis is, whatever the file says: it replaces `url` and a `cluster` list alike
    // (a redis+cluster:// URL names a cluster).
    const { cluster: _fileCluster, ...redis } =
      (substituted.redis as Record<string, unknown> | undefined) ?? {};
    substituted.redis = { ...redis, url: env.REDIS_URL };
  }
  const result = configSchema.safeParse(substituted);
  const problems = [...missing, ...(result.success ? [] : result.error.issues.map(describeIssue))];
  if (problems.length > 0 || !result.success) {
    throw new SafeError('config_invalid', `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SafeError(
      'config_missing',
      code === 'ENOENT'
        ? `config file ${path} not found: copy config/tactful.example.yaml to ${path}, or pass --config FILE`
        : `config file ${path} cannot be read (${code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const msg = err instanceof YAMLParseError ? err.message : String(err);
    throw new SafeError('config_invalid', `${path} is not valid YAML: ${msg}`);
  }
  try {
    return parseConfig(raw, env);
  } catch (err) {
    if (err instanceof SafeError) throw new SafeError(err.code, `${path}: ${err.message}`);
    throw err;
  }
}
