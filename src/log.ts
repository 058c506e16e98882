import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths pino censors wherever they appear. Secrets come from the config (passwords, tokens), from HTTP
 * (auth headers, cookies) and from IMAP/SMTP client options.
 */
export const REDACT_PATHS = [
  'pass',
  'password',
  'passwordHash',
  'token',
  'apiKey',
  'sessionSecret',
  '*.pass',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.apiKey',
  '*.sessionSecret',
  '*.auth',
  '*.*.pass',
  '*.*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(opts: { level?: string; pretty?: boolean; name?: string } = {}): Logger {
  const options: LoggerOptions = {
    name: opts.name ?? 'tactful',
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (opts.pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(options);
}
