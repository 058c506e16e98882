/**
 * A wake-up signal: `wait(ms)` resolves after `ms` or as soon as `kick()` is called, whichever comes first.
 * A kick while nobody waits is remembered, so an IMAP EXISTS that lands during a sync is not lost.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | null = null;

  kick(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = null;
      r();
    } else this.pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resolve = null;
        resolve();
      }, ms);
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
