import { pino } from 'pino';
import { REDACT_PATHS, type Logger } from '../log.ts';

/** fastify's per-request lines: in a demo watched in a terminal, the web view's own polling would drown the rest. */
const QUIET = new Set(['incoming request', 'request completed']);
/** imapflow's warning on every connection: the sandbox is plain IMAP on loopback by design. */
const SANDBOX_PLAIN = 'Server does not support STARTTLS';

/**
 * The demo's logger: pretty (pino-pretty) like `log.pretty: true`, with the same redaction, minus the
 * per-request lines at info level (errors and warnings about requests still show) and the plain-IMAP warning.
 */
export function demoLogger(level = 'info'): Logger {
  return pino({
    name: 'tactful-demo',
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method, levelValue) {
        // pino's call shapes: (msg), (obj, msg), and imapflow's (obj) with the text in obj.msg.
        const first = args[0] as unknown;
        const msg =
          typeof first === 'string' ? first : (args[1] ?? (first as { msg?: unknown } | undefined)?.msg);
        if (typeof msg === 'string') {
          if (levelValue <= 30 && QUIET.has(msg)) return;
          if (levelValue <= 40 && msg.startsWith(SANDBOX_PLAIN)) return;
        }
        method.apply(this, args);
      },
    },
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
  });
}
