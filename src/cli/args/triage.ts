import { SafeError } from '../../errors.ts';

export const TRIAGE_USAGE = 'usage: tactful triage [--config FILE] [--inbox ID] [--at ISO-8601] PATH...';

export interface TriageArgs {
  config?: string;
  inbox?: string;
  /** Arrival time for every message, overriding the Date header. */
  at?: Date;
  /** .eml files, directories, or `-` for one message on stdin. */
  paths: string[];
}

/** ISO 8601 with a date and, when a time is given, an explicit zone (a bare local time would be ambiguous). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** Parses `tactful triage` arguments; a problem throws SafeError `usage` (exit code 2). */
export function parseTriageArgs(argv: string[]): TriageArgs {
  const out: TriageArgs = { paths: [] };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      out.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v === '') throw usage(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--config':
        out.config = value();
        break;
      case '--inbox':
        out.inbox = value();
        break;
      case '--at': {
        const v = value();
        const d = new Date(v);
        if (!ISO.test(v) || Number.isNaN(d.getTime()))
          throw usage(`--at "${v}" is not an ISO-8601 time with a zone`);
        out.at = d;
        break;
      }
      default:
        throw usage(`unknown option ${name}`);
    }
  }
  if (out.paths.length === 0)
    throw usage('give at least one PATH (a .eml file, a directory, or - for stdin)');
  if (out.paths.filter((p) => p === '-').length > 1) throw usage('stdin (-) can be read only once');
  return out;
}

function usage(problem: string): SafeError {
  return new SafeError('usage', `${problem}\n${TRIAGE_USAGE}`);
}
