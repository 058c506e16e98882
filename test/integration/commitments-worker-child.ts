/**
 * An alert worker in its own process, for the crash test (as send-worker-child.ts does for sending). Config comes
 * as JSON in TACTFUL_TEST_CONFIG. Its clock is a ManualClock that starts at TACTFUL_TEST_NOW and that the test
 * moves over stdin ("now <ISO>" lines, each answered "clock <ISO>"), so worker and test agree on the time
 * without anybody sleeping. TACTFUL_FAULT=after-alert-email (read by the worker module) makes it SIGKILL itself
 * once an alert email was accepted, before it is marked sent. Prints "ready" once the worker runs.
 */
import { createInterface } from 'node:readline';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/log.ts';
import { createContext } from '../../src/create-context.ts';
import { ManualClock } from '../../src/clock.ts';
import { alertWorker } from '../../src/workers/alert.worker.ts';

const config = parseConfig(JSON.parse(process.env.TACTFUL_TEST_CONFIG ?? '{}'), {});
const clock = new ManualClock(new Date(process.env.TACTFUL_TEST_NOW ?? Date.now()));
const ctx = createContext(config, {
  log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  clock,
});
const worker = await alertWorker({ lockDurationMs: 1500 })(ctx);
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^now (\S+)$/.exec(line.trim());
  if (!m) return;
  clock.set(m[1]!);
  process.stdout.write(`clock ${clock.now().toISOString()}\n`);
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await ctx.close();
    process.exit(0);
  })();
});
