/**
 * One line of `tactful doctor`: what was checked, how it went and, for anything not passing, the fix.
 * Checks never throw: an unexpected error becomes a failed result, so one broken server cannot hide the rest.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  status: CheckStatus;
  /** What was checked, e.g. `imap studio (mail.example.com:993)`. */
  what: string;
  /** What was found: a version, a count, the reason for a failure. Never a password. */
  detail?: string;
  /** What to do about a warning or failure. */
  fix?: string;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗' };

export function formatResult(r: CheckResult): string {
  const head = `${MARK[r.status]} ${r.what}${r.detail ? `: ${r.detail}` : ''}`;
  return r.fix && r.status !== 'pass' ? `${head}\n    fix: ${r.fix}` : head;
}

/**
 * Warnings (e.g. Redis without persistence, an inbox without SMTP) do not fail the doctor: the service runs,
 * just less safely. `strict` turns them into failures for CI gates.
 */
export function exitCode(results: readonly CheckResult[], strict = false): number {
  const bad = results.some((r) => r.status === 'fail' || (strict && r.status === 'warn'));
  return bad ? 1 : 0;
}

/** A short, safe description of an unexpected error: its code and first line, nothing from a server's payload. */
export function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  const first = String(e?.message ?? err)
    .split('\n')[0]!
    .slice(0, 200);
  return e?.code && !first.includes(e.code) ? `${e.code}: ${first}` : first;
}
