/**
 * Resolves on the first SIGTERM or SIGINT with its name; a second one exits at once (a person pressing
 * Ctrl-C twice wants out now, whatever is still draining).
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (sig: string) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve(sig);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}
