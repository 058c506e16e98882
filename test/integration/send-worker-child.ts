/**
 * A send worker in its own process, for the crash test: the test SIGKILLs it (through TACTFUL_FAULT) and
 * starts another one. Config comes as JSON in TACTFUL_TEST_CONFIG, the test's clock in TACTFUL_TEST_NOW (the
 * worker's clock starts there and runs on, so a promise made on the test's Monday is still ahead). Prints "ready"
 * once the worker runs.
 */
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/log.ts';
import { createContext } from '../../src/create-context.ts';
import { sendWorker } from '../../src/workers/send.worker.ts';
import type { Clock } from '../../src/clock.ts';

const config = parseConfig(JSON.parse(process.env.TACTFUL_TEST_CONFIG ?? '{}'), {});
const start = Date.parse(process.env.TACTFUL_TEST_NOW ?? '') || Date.now();
const offset = start - Date.now();
const clock: Clock = { now: () => new Date(Date.now() + offset) };
const ctx = createContext(config, { log: createLogger({ level: 'silent' }), clock });
const worker = await sendWorker({ lockDurationMs: 2000, sendLockMs: 2000 })(ctx);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await ctx.close();
    process.exit(0);
  })();
});
