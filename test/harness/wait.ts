/**
 * Waiting for a condition in tests: a probe is asked every `everyMs` until it holds or the time is up, so a
 * test waits exactly as long as the system needs and never sleeps a fixed time. Timeouts stay well above
 * 2 s: Dovecot holds IDLE notifications for about half a second, and a loaded two-core machine is slow.
 */
async function poll<T>(
  probe: () => Promise<T> | T,
  done: (v: T) => boolean,
  timeoutMs: number,
  everyMs: number,
  failure: (last: T) => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(failure(v));
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves with the probe's first truthy value; fails naming `what` after `timeoutMs`. */
export function waitFor<T>(
  probe: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  what: string,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  return poll(
    probe,
    Boolean,
    timeoutMs,
    everyMs,
    () => `timed out after ${timeoutMs} ms waiting for ${what}`,
  ) as Promise<T>;
}

/** Resolves with the probe's first value that `ok` accepts; the failure shows the last value seen. */
export function waitUntil<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  return poll(
    probe,
    ok,
    timeoutMs,
    100,
    (last) => `condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 500)}`,
  );
}
