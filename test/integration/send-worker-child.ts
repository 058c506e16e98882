/**
 * A send worker in its own process, for the crash test: the test SIGKILLs it (through TACTFUL_FAULT) and
 * starts another one. Config comes as JSON in TACTFUL_TEST_CONFIG. Prints "ready" once the worker runs.
 */
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/log.ts';
import { createContext } from '../../src/create-context.ts';
import { sendWorker } from '../../src/workers/send.worker.ts';

const config = parseConfig(JSON.parse(process.env.TACTFUL_TEST_CONFIG ?? '{}'), {});
const ctx = createContext(config, { log: createLogger({ level: 'silent' }) });
const worker = await sendWorker({ lockDurationMs: 2000, sendLockMs: 2000 })(ctx);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await ctx.close();
    process.exit(0);
  })();
});
