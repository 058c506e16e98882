/**
 * An expected failure whose message is safe to show to a user or an API client: it never carries secrets,
 * stack traces or raw server output. `code` is stable and machine-readable.
 */
export class SafeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SafeError';
  }
}
